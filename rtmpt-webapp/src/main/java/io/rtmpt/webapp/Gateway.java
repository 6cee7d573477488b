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
import io.rtmpt.webapp.health.Drain;
import io.rtmpt.webapp.health.DrainConfig;
import io.rtmpt.webapp.health.GatewaySessions;
import io.rtmpt.webapp.health.Health;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one deployment of the web application runs, built once at startup from its settings:
 * the {@link Upstream} the tunnels lead to (the engine and its native RTMP listener, or a backend
 * bridge: never both), the RTMPT {@link RtmptSessionRegistry}, the engine's {@link EngineCounters},
 * the {@link Drain} and {@link Health} of the node, and the {@link AdminConsole}. {@link
 * GatewayBootstrap} builds it, stores it in the servlet context attribute {@link #ATTRIBUTE} and
 * hands each servlet the part it serves.
 *
 * <p>Stop ({@link #shutdown()}): the node is drained (new tunnels refused, running sessions given
 * the grace period, then told and closed), then everything is closed ({@link #close()}) in this
 * order: the drain's timer, the console (its timer and WebSockets), the tunnels (their waiting
 * requests are answered), then the upstream: the native listeners, the engine's sessions; or the
 * backend connections; last the access control's callback client.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /** The servlet context attribute that holds the gateway. */
  public static final String ATTRIBUTE = Gateway.class.getName();

  /**
   * The servlet context attribute that holds a {@link Runnable} draining the gateway for a stop: it
   * returns once no session is left or the grace period and {@link Drain#FAREWELL} are over. The
   * executable WAR's SIGTERM hook runs it before it stops Jetty, whose connectors would otherwise
   * close under the running tunnels (Jetty and Tomcat stop serving an application before they tell
   * it to stop). A JDK type, so that the embedded server, in a class loader of its own, can run it.
   */
  public static final String DRAIN_ATTRIBUTE = "io.rtmpt.webapp.Gateway.drain";

  private final WebappConfig config;
  private final Upstream upstream;
  private final RtmptSessionRegistry tunnels;
  private final Drain drain;
  private final ScheduledExecutorService drainTimer;
  private final AdminConsole admin;
  private final AccessControl access;

  private Gateway(
      WebappConfig config,
      Upstream upstream,
      RtmptSessionRegistry tunnels,
      Drain drain,
      AdminConsole admin,
      AccessControl access) {
    this.config = config;
    this.upstream = upstream;
    this.tunnels = tunnels;
    this.drain = drain;
    this.admin = admin;
    this.access = access;
    this.drainTimer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "rtmpt-drain");
              thread.setDaemon(true);
              return thread;
            });
    long tick = Drain.TICK.toMillis();
    drainTimer.scheduleWithFixedDelay(this::tickDrain, tick, tick, TimeUnit.MILLISECONDS);
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
    DrainConfig drainConfig = DrainConfig.from(settings);
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
      Drain drain = new Drain(drainConfig, new GatewaySessions(tunnels, upstream));
      AdminConsole admin =
          AdminConsole.start(
              new Sources(upstream, tunnels, counters, access, startedAt, drain),
              consoleEvents,
              adminConfig,
              EffectiveConfig.entries(
                  settings, config, tunnelConfig, adminConfig, accessConfig, drainConfig),
              serverInfo);
      tunnels.keepAliveLimits(admin::keepAliveLimit);
      return new Gateway(config, upstream, tunnels, drain, admin, access);
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
      AppPolicy defaults = access.config().defaults();
      String apps =
          access.config().apps().isEmpty()
              ? ""
              : "; rules of their own for application(s) "
                  + String.join(", ", access.config().apps().keySet());
      return "Access: publishing is restricted: publish "
          + defaults.publish().name().toLowerCase(Locale.ROOT)
          + ", play "
          + defaults.play().name().toLowerCase(Locale.ROOT)
          + " (rtmpt.access.publish, rtmpt.access.play)"
          + apps
          + ".";
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

  /** The node's drain: begun by the operator or by {@link #shutdown()}. */
  public Drain drain() {
    return drain;
  }

  /** Whether the node takes new tunnels, for {@code /readyz}. */
  public Health health() {
    return new Health(drain, upstream.backendProbe());
  }

  /**
   * The application is stopping (undeploy, container stop): the container no longer routes requests
   * to it by now (Tomcat and Jetty stop serving an application before they tell it to stop), so its
   * tunnels cannot go on and are closed at once; native RTMP sessions (engine mode) are drained
   * with the grace period. Then everything is closed. The executable WAR drains before that ({@link
   * #DRAIN_ATTRIBUTE}), while Jetty still serves the tunnels.
   */
  public void shutdown() {
    drain.beginShutdown();
    int cut = tunnels.closeAll(RtmptCloseReason.SHUTDOWN);
    if (cut > 0) {
      LOG.info(
          "{} tunnel(s) closed: the container no longer routes requests to the application", cut);
    }
    try {
      drain.awaitDrained();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Stops everything, in the order the class documentation gives, without draining; idempotent. */
  @Override
  public void close() {
    drainTimer.shutdownNow();
    admin.close();
    tunnels.close();
    upstream.close();
    access.close();
  }

  private void tickDrain() {
    try {
      drain.tick();
    } catch (RuntimeException e) {
      LOG.error("drain: step failed", e);
    }
  }
}
