package io.rtmpt.webapp;

import io.rtmpt.webapp.admin.AdminConfig;
import io.rtmpt.webapp.admin.AdminConsole;
import io.rtmpt.webapp.admin.ConsoleEvents;
import io.rtmpt.webapp.admin.EffectiveConfig;
import io.rtmpt.webapp.admin.Sources;
import io.rtmpt.webapp.bridge.BackendUpstream;
import io.rtmpt.webapp.bridge.EngineCounters;
import io.rtmpt.webapp.bridge.EngineUpstream;
import io.rtmpt.webapp.bridge.Upstream;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import jakarta.servlet.ServletContext;
import java.io.IOException;

/**
 * Everything one deployment of the web application runs, built once at startup from its settings:
 * the {@link Upstream} the tunnels lead to (the engine and its native RTMP listener, or a backend
 * bridge: never both), the RTMPT {@link RtmptSessionRegistry}, the engine's {@link EngineCounters}
 * and the {@link AdminConsole}. {@link GatewayBootstrap} builds it, stores it in the one servlet
 * context attribute {@link #ATTRIBUTE} and hands each servlet the part it serves.
 *
 * <p>Stop order ({@link #close()}): the console (its timer and WebSockets), the tunnels (their
 * waiting requests are answered), then the upstream: the native listener, the engine's sessions; or
 * the backend connections.
 */
public final class Gateway implements AutoCloseable {
  /** The servlet context attribute that holds the gateway: the only one the application sets. */
  public static final String ATTRIBUTE = Gateway.class.getName();

  private final WebappConfig config;
  private final Upstream upstream;
  private final RtmptSessionRegistry tunnels;
  private final AdminConsole admin;

  private Gateway(
      WebappConfig config, Upstream upstream, RtmptSessionRegistry tunnels, AdminConsole admin) {
    this.config = config;
    this.upstream = upstream;
    this.tunnels = tunnels;
    this.admin = admin;
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
    long startedAt = System.currentTimeMillis();
    EngineCounters counters = new EngineCounters();
    ConsoleEvents consoleEvents = new ConsoleEvents();
    Upstream upstream =
        switch (config.bridge()) {
          case ENGINE -> EngineUpstream.start(config, counters, consoleEvents);
          case BACKEND -> BackendUpstream.start(config);
        };
    RtmptSessionRegistry tunnels = null;
    try {
      tunnels = new RtmptSessionRegistry(tunnelConfig, upstream.peers());
      AdminConsole admin =
          AdminConsole.start(
              new Sources(upstream, tunnels, counters, startedAt),
              consoleEvents,
              adminConfig,
              EffectiveConfig.entries(settings, config, tunnelConfig, adminConfig),
              serverInfo);
      tunnels.keepAliveLimits(admin::keepAliveLimit);
      return new Gateway(config, upstream, tunnels, admin);
    } catch (RuntimeException e) {
      if (tunnels != null) {
        tunnels.close();
      }
      upstream.close();
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

  /** Stops everything, in the order the class documentation gives; idempotent. */
  @Override
  public void close() {
    admin.close();
    tunnels.close();
    upstream.close();
  }
}
