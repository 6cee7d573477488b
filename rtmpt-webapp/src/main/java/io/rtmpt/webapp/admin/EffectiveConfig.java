package io.rtmpt.webapp.admin;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.health.DrainConfig;
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
    add.put(WebappConfig.PLAYER_QUEUE_BYTES, String.valueOf(engine.maxPlayerQueueBytes()));
    add.put(WebappConfig.GOP_CACHE_BYTES, String.valueOf(engine.maxGopBytes()));
    add.put(WebappConfig.CHUNK_SIZE, String.valueOf(engine.outChunkSize()));
    add.put(WebappConfig.IDLE_TIMEOUT, millis(engine.idleTimeout()));
    add.put(WebappConfig.HANDSHAKE_TIMEOUT, millis(engine.handshakeTimeout()));
    add.put(DrainConfig.GRACE, millis(drain.grace()));
    add.put(AdminConfig.METRICS_PUBLIC, String.valueOf(admin.metricsPublic()));
    return List.copyOf(out);
  }

  private static String millis(Duration d) {
    return String.valueOf(d.toMillis());
  }

  @FunctionalInterface
  private interface Adder {
    void put(String name, String value);
  }
}
