package io.rtmpt.webapp;

import io.rtmpt.webapp.access.AccessConfig;
import io.rtmpt.webapp.access.AccessControl;
import io.rtmpt.webapp.access.AppPolicy;
import io.rtmpt.webapp.admin.AdminConfig;
import io.rtmpt.webapp.admin.AdminConsole;
import io.rtmpt.webapp.admin.ConsoleEvents;
import io.rtmpt.webapp.admin.EffectiveConfig;
import io.rtmpt.webapp.admin.Sources;
import io.rtmpt.webapp.bridge.BackendUpstream;
import io.rtmpt.webapp.bridge.EngineCounters;
import io.rtmpt.webapp.bridge.EngineUpstream;
import io.rtmpt.webapp.bridge.Upstream;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.util.List;

/**
 * Everything one deployment of the web application runs, built once at startup from its settings:
 * the {@link Upstream} the tunnels lead to (the engine and its native RTMP listener, or a backend
 * bridge: never both), the RTMPT {@link RtmptSessionRegistry}, the engine's {@link EngineCounters}
 * and the {@link AdminConsole}. {@link GatewayBootstrap} builds it, stores it in the one servlet
 * context attribute {@link #ATTRIBUTE} and hands each servlet the part it serves.
 *
 * <p>Stop order ({@link #close()}): the console (its timer and WebSockets), the tunnels (their
 * waiting requests are answered), then the upstream: the native listener, the engine's sessions; or
 * the backend connections; last the access control's callback client.
 */
public final class Gateway implements AutoCloseable {
  /** The servlet context attribute that holds the gateway: the only one the application sets. */
  public static final String ATTRIBUTE = Gateway.class.getName();

  private final WebappConfig config;
  private final Upstream upstream;
  private final RtmptSessionRegistry tunnels;
  private final AdminConsole admin;
  private final AccessControl access;

  private Gateway(
      WebappConfig config,
      Upstream upstream,
      RtmptSessionRegistry tunnels,
      AdminConsole admin,
      AccessControl access) {
    this.config = config;
    this.upstream = upstream;
    this.tunnels = tunnels;
    this.admin = admin;
    this.access = access;
  }

  /**
   * Reads every setting, then builds and starts the parts; nothing is started when a setting is
   * bad.
   *
   * @param serverInfo the container's name and version, for the console
   * @throws IllegalArgumentException a setting is bad; the message names it, its source and value
   * @throws IOException the native RTMP listener cannot bind its address
   */
  public static Gateway start(Settings settings, String serverInfo) throws IOException {
    WebappConfig config = WebappConfig.from(settings);
    RtmptConfig tunnelConfig = RtmptConfig.from(settings);
    AdminConfig adminConfig = AdminConfig.from(settings);
    AccessConfig accessConfig = AccessConfig.from(settings);
    long startedAt = System.currentTimeMillis();
    EngineCounters counters = new EngineCounters();
    ConsoleEvents consoleEvents = new ConsoleEvents();
    AccessControl access = AccessControl.start(accessConfig);
    Upstream upstream;
    try {
      upstream =
          switch (config.bridge()) {
            case ENGINE ->
                EngineUpstream.start(config, counters, consoleEvents, access.gate(), access.gate());
            case BACKEND -> BackendUpstream.start(config);
          };
    } catch (IOException | RuntimeException e) {
      access.close();
      throw e;
    }
    upstream.recordings().ifPresent(r -> r.onRecordDone(access.gate()::recordDone));
    RtmptSessionRegistry tunnels = null;
    try {
      tunnels = new RtmptSessionRegistry(tunnelConfig, upstream.peers());
      AdminConsole admin =
          AdminConsole.start(
              new Sources(upstream, tunnels, counters, access, startedAt),
              consoleEvents,
              adminConfig,
              EffectiveConfig.entries(settings, config, tunnelConfig, adminConfig, accessConfig),
              serverInfo);
      tunnels.keepAliveLimits(admin::keepAliveLimit);
      return new Gateway(config, upstream, tunnels, admin, access);
    } catch (RuntimeException e) {
      if (tunnels != null) {
        tunnels.close();
      }
      upstream.close();
      access.close();
      throw e;
    }
  }

  /**
   * The gateway of a servlet context.
   *
   * @throws IllegalStateException the context has none (its {@link GatewayBootstrap} did not run or
   *     failed)
   */
  public static Gateway from(ServletContext context) {
    Object gateway = context.getAttribute(ATTRIBUTE);
    if (!(gateway instanceof Gateway g)) {
      throw new IllegalStateException(
          "no rtmpt-bridge gateway in servlet context attribute " + ATTRIBUTE + ": " + gateway);
    }
    return g;
  }

  public WebappConfig config() {
    return config;
  }

  /** Where the tunnels lead. */
  public Upstream upstream() {
    return upstream;
  }

  /** The RTMPT tunnels. */
  public RtmptSessionRegistry tunnels() {
    return tunnels;
  }

  public AdminConsole admin() {
    return admin;
  }

  /** Access control: the engine's gate, the callback client, the refusal counts. */
  public AccessControl access() {
    return access;
  }

  /**
   * One sentence on who may publish, for the startup log and the executable's banner: plain about
   * an open server ("ANYONE may publish ..."), or what the access rules require.
   */
  public String accessSummary() {
    if (config.bridge() != Bridge.ENGINE) {
      boolean set =
          !access.config().apps().isEmpty() || !access.config().defaults().equals(AppPolicy.OPEN);
      return set
          ? "Access: the rtmpt.access.* settings are IGNORED in backend mode: the backend decides"
              + " who may publish and play (its own hooks, e.g. nginx-rtmp's on_publish)."
          : "Access: the backend decides who may publish and play (its own hooks).";
    }
    List<String> open = access.config().openForPublish();
    if (open.isEmpty()) {
      return "Access: publishing is restricted (" + access.gate() + ").";
    }
    String where =
        open.contains("*")
            ? "to any application (rtmpt.access.publish=open)"
            : "to application(s) " + String.join(", ", open);
    return "Access: ANYONE may publish "
        + where
        + ". Before exposing this server, require tokens or a callback: see README, Access"
        + " control.";
  }

  /** Stops everything, in the order the class documentation gives; idempotent. */
  @Override
  public void close() {
    admin.close();
    tunnels.close();
    upstream.close();
    access.close();
  }
}
