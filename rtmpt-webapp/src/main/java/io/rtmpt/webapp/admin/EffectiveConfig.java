package io.rtmpt.webapp.admin;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.server.CertificateSource;
import io.rtmpt.webapp.access.AccessConfig;
import io.rtmpt.webapp.access.AppPolicy;
import io.rtmpt.webapp.access.CidrRange;
import io.rtmpt.webapp.config.MediaSettings;
import io.rtmpt.webapp.config.RtmpsConfig;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.health.DrainConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The configuration as the application uses it, each setting with its value and its source. */
public final class EffectiveConfig {
  private EffectiveConfig() {}

  public static List<ConfigEntry> entries(
      Settings settings,
      WebappConfig app,
      RtmptConfig tunnel,
      AdminConfig admin,
      AccessConfig access,
      DrainConfig drain) {
    EngineConfig engine = app.engine();
    List<ConfigEntry> out = new ArrayList<>();
    Adder add = (name, value) -> out.add(new ConfigEntry(name, value, settings.describe(name)));
    add.put(WebappConfig.BRIDGE, app.bridge().name().toLowerCase(Locale.ROOT));
    add.put(WebappConfig.BACKEND, app.backend().toString());
    add.put(WebappConfig.BACKEND_CONNECT_TIMEOUT, millis(app.backendConnectTimeout()));
    add.put(WebappConfig.BACKEND_BUFFER_BYTES, String.valueOf(app.backendBufferBytes()));
    add.put(WebappConfig.RTMP_PORT, String.valueOf(app.rtmpPort()));
    add.put(WebappConfig.RTMP_HOST, app.rtmpHost());
    rtmps(add, app.rtmps());
    add.put(WebappConfig.HANDSHAKE_TYPES, engine.handshakePolicy().toString());
    add.put(WebappConfig.BACKEND_RTMPE, app.backendRtmpe().name().toLowerCase(Locale.ROOT));
    add.put(RtmptConfig.IDLE_HOLD, millis(tunnel.idleHold()));
    add.put(RtmptConfig.SESSION_TIMEOUT, millis(tunnel.sessionTimeout()));
    add.put(RtmptConfig.MAX_SESSIONS, String.valueOf(tunnel.maxSessions()));
    add.put(RtmptConfig.MAX_SESSIONS_PER_ADDRESS, String.valueOf(tunnel.maxSessionsPerAddress()));
    add.put(RtmptConfig.MAX_REQUEST_BYTES, String.valueOf(tunnel.maxRequestBytes()));
    add.put(RtmptConfig.MAX_REPLY_BYTES, String.valueOf(tunnel.maxReplyBytes()));
    add.put(RtmptConfig.REORDER_WINDOW, String.valueOf(tunnel.reorderWindow()));
    add.put(RtmptConfig.REORDER_TIMEOUT, millis(tunnel.reorderTimeout()));
    add.put(
        RtmptConfig.IDENT2_RESPONSE,
        tunnel.ident2Response() == null ? "(unset: 404)" : tunnel.ident2Response());
    add.put(RtmptConfig.NODE_ID, tunnel.nodeId().isEmpty() ? "(unset)" : tunnel.nodeId());
    add.put(WebappConfig.MAX_CONNECTIONS, String.valueOf(engine.maxConnections()));
    add.put(WebappConfig.MAX_MESSAGE_BYTES, String.valueOf(engine.maxMessageSize()));
    add.put(WebappConfig.MAX_PARTIAL_BYTES, String.valueOf(engine.maxPartialBytes()));
    add.put(WebappConfig.PLAYER_QUEUE_BYTES, String.valueOf(engine.maxPlayerQueueBytes()));
    add.put(WebappConfig.GOP_CACHE_BYTES, String.valueOf(engine.maxGopBytes()));
    add.put(WebappConfig.CHUNK_SIZE, String.valueOf(engine.outChunkSize()));
    add.put(WebappConfig.HANDSHAKE_TIMEOUT, millis(engine.handshakeTimeout()));
    add.put(MediaSettings.VOD_DIR, settings.getString(MediaSettings.VOD_DIR, "(unset)"));
    add.put(MediaSettings.VOD_APPS, String.valueOf(engine.vodDirectories()));
    add.put(
        MediaSettings.RECORD_DIR,
        engine.recording().enabled() ? engine.recording().directory().toString() : "(unset: off)");
    add.put(MediaSettings.RECORD_APPS, String.join(",", engine.recording().apps()));
    add.put(MediaSettings.RECORD_MAX_DURATION, millis(engine.recording().maxDuration()));
    add.put(MediaSettings.RECORD_MAX_BYTES, String.valueOf(engine.recording().maxBytes()));
    add.put(MediaSettings.RECORD_MIN_FREE_BYTES, String.valueOf(engine.recording().minFreeBytes()));
    add.put(MediaSettings.RECORD_MP4, String.valueOf(engine.recording().remuxToMp4()));
    add.put(WebappConfig.PING_INTERVAL, millis(engine.pingInterval()));
    add.put(WebappConfig.PING_TIMEOUT, millis(engine.pingTimeout()));
    add.put(WebappConfig.PLAY_WAIT, millis(engine.playWait()));
    add.put(WebappConfig.PUBLISH_NOTIFY, String.valueOf(engine.publishNotify()));
    add.put(WebappConfig.PUBLISH_TAKEOVER, String.valueOf(engine.publishTakeover()));
    add.put(WebappConfig.PUBLISH_TAKEOVER_QUIET, millis(engine.publishTakeoverQuiet()));
    add.put(DrainConfig.GRACE, millis(drain.grace()));
    add.put(AdminConfig.METRICS_PUBLIC, String.valueOf(admin.metricsPublic()));
    access(settings, access, add);
    return List.copyOf(out);
  }

  /**
   * The defaults' access fields, then those each application sets itself; secrets show as "(set)",
   * never their value.
   */
  private static void access(Settings settings, AccessConfig access, Adder add) {
    for (AccessConfig.Field field : AccessConfig.Field.values()) {
      add.put(field.setting(), accessValue(field, access.defaults()));
    }
    add.put(AccessConfig.CALLBACK_CONNECT_TIMEOUT, millis(access.callbacks().connectTimeout()));
    add.put(AccessConfig.CALLBACK_TIMEOUT, millis(access.callbacks().timeout()));
    add.put(AccessConfig.CALLBACK_CONCURRENCY, String.valueOf(access.callbacks().concurrency()));
    add.put(AccessConfig.CALLBACK_QUEUE, String.valueOf(access.callbacks().queue()));
    access
        .apps()
        .forEach(
            (name, policy) -> {
              for (AccessConfig.Field field : AccessConfig.Field.values()) {
                if (settings.sourceOf(field.setting(name)) != Settings.Source.DEFAULT) {
                  add.put(field.setting(name), accessValue(field, policy));
                }
              }
            });
  }

  private static String accessValue(AccessConfig.Field field, AppPolicy policy) {
    return switch (field) {
      case PUBLISH -> policy.publish().name().toLowerCase(Locale.ROOT);
      case PLAY -> policy.play().name().toLowerCase(Locale.ROOT);
      case PUBLISH_ALLOW -> ranges(policy.publishAddresses().allow(), "(any)");
      case PUBLISH_DENY -> ranges(policy.publishAddresses().deny(), "(none)");
      case PLAY_ALLOW -> ranges(policy.playAddresses().allow(), "(any)");
      case PLAY_DENY -> ranges(policy.playAddresses().deny(), "(none)");
      case TOKEN_SECRET -> policy.tokenSecrets().isEmpty() ? "(unset)" : "(set)";
      case TOKEN_SECRET_PREVIOUS -> policy.tokenSecrets().size() > 1 ? "(set)" : "(unset)";
      case ON_CONNECT -> url(policy.onConnect());
      case ON_PUBLISH -> url(policy.onPublish());
      case ON_PLAY -> url(policy.onPlay());
      case ON_DONE -> url(policy.onDone());
      case ON_RECORD_DONE -> url(policy.onRecordDone());
    };
  }

  private static String ranges(List<CidrRange> ranges, String none) {
    return ranges.isEmpty()
        ? none
        : String.join(", ", ranges.stream().map(CidrRange::toString).toList());
  }

  /** The URL without user information or query, which may hold credentials of the backend. */
  private static String url(URI url) {
    if (url == null) {
      return "(unset)";
    }
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme()
        + "://"
        + (url.getRawUserInfo() == null ? "" : "***@")
        + url.getHost()
        + port
        + path
        + (url.getRawQuery() == null ? "" : "?***");
  }

  /** The RTMPS settings; passwords only as set or unset. */
  private static void rtmps(Adder add, RtmpsConfig rtmps) {
    add.put(RtmpsConfig.PORT, String.valueOf(rtmps.port()));
    add.put(RtmpsConfig.HOST, rtmps.host());
    if (!rtmps.enabled()) {
      return;
    }
    CertificateSource source = rtmps.tls().certificates();
    if (source instanceof CertificateSource.KeyStoreFile keyStore) {
      add.put(RtmpsConfig.KEYSTORE, keyStore.file().toString());
      add.put(RtmpsConfig.KEYSTORE_PASSWORD, "(set)");
    } else if (source instanceof CertificateSource.PemFiles pem) {
      add.put(RtmpsConfig.CERTIFICATE, pem.certificateChain().toString());
      add.put(RtmpsConfig.PRIVATE_KEY, pem.privateKey().toString());
      add.put(RtmpsConfig.PRIVATE_KEY_PASSWORD, pem.keyPassword() == null ? "(unset)" : "(set)");
    }
    add.put(RtmpsConfig.HANDSHAKE_TIMEOUT, millis(rtmps.tls().handshakeTimeout()));
    add.put(RtmpsConfig.RELOAD_CHECK, millis(rtmps.tls().reloadCheckInterval()));
  }

  private static String millis(Duration d) {
    return String.valueOf(d.toMillis());
  }

  @FunctionalInterface
  private interface Adder {
    void put(String name, String value);
  }
}
