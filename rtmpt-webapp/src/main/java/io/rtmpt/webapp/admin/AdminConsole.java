package io.rtmpt.webapp.admin;

import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console, its API, its WebSocket and the metrics of one gateway: built from the
 * gateway's {@link Sources}, it samples the charts and checks the backend on a timer of its own,
 * and {@link #register registers} its servlets and endpoint with the servlet context (web.xml is
 * metadata-complete: nothing is scanned).
 */
public final class AdminConsole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);

  /** Where the JSON API is, relative to the context. */
  public static final String API_PATH = "/admin/api/*";

  /** Where the metrics are, relative to the context. */
  public static final String METRICS_PATH = "/metrics";

  private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

  /** How often the backend's reachability is checked in backend mode. */
  private static final Duration BACKEND_CHECK_PERIOD = Duration.ofSeconds(10);

  private final AdminConfig config;
  private final AdminService service;
  private final AdminActions actions;
  private final Metrics metrics;
  private final ScheduledExecutorService timer;
  private final ConsoleHub hub;
  private final KeepAliveLimits keepAliveLimits;

  private AdminConsole(
      Sources sources,
      ConsoleEvents events,
      AdminConfig config,
      List<ConfigEntry> configuration,
      String serverInfo,
      KeepAliveLimits keepAliveLimits) {
    this.config = config;
    this.keepAliveLimits = keepAliveLimits;
    this.service =
        new AdminService(
            sources, events, keepAliveLimits, config.metricsPublic(), serverInfo, configuration);
    this.metrics = new Metrics(sources);
    this.timer = Executors.newScheduledThreadPool(2, threads());
    this.hub = new ConsoleHub(service, timer);
    this.actions = new AdminActions(sources, hub::changed);
    events.onChange(hub::changed);
  }

  /**
   * Builds the console and starts its timer: a chart sample every {@link
   * AdminService#SAMPLE_PERIOD} and, in backend mode, a reachability check of the backend every 10
   * s. Logs a WARN for each HTTP connector that cuts tunnels (Tomcat's {@code
   * maxKeepAliveRequests}).
   *
   * @param events the console's engine listener, which the engine was built with
   * @param configuration the effective settings, for {@code GET /admin/api/config}
   * @param serverInfo the container's name and version
   */
  public static AdminConsole start(
      Sources sources,
      ConsoleEvents events,
      AdminConfig config,
      List<ConfigEntry> configuration,
      String serverInfo) {
    KeepAliveLimits keepAliveLimits = new KeepAliveLimits();
    keepAliveLimits
        .limited()
        .forEach(
            (port, limit) ->
                LOG.warn(
                    "the HTTP connector on port {} closes a connection after {} requests (Tomcat's"
                        + " maxKeepAliveRequests): RTMPT tunnels on it end after {} requests, as"
                        + " neither ffmpeg nor librtmp opens another connection. Set"
                        + " maxKeepAliveRequests=\"-1\" on that Connector in conf/server.xml"
                        + " (README, Deploying in Tomcat 10.1).",
                    port,
                    limit,
                    limit));
    AdminConsole console =
        new AdminConsole(sources, events, config, configuration, serverInfo, keepAliveLimits);
    long period = AdminService.SAMPLE_PERIOD.toMillis();
    console.timer.scheduleAtFixedRate(console.hub::tick, 0, period, TimeUnit.MILLISECONDS);
    sources
        .upstream()
        .backendProbe()
        .ifPresent(
            probe ->
                console.timer.scheduleWithFixedDelay(
                    probe::check, 0, BACKEND_CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
    return console;
  }

  /**
   * How many requests the HTTP connector on {@code localPort} serves on one connection before it
   * closes it; empty when it has no such limit (or the container is not Tomcat). Looked up again at
   * most once a minute.
   */
  public OptionalInt keepAliveLimit(int localPort) {
    return keepAliveLimits.forPort(localPort, System.currentTimeMillis());
  }

  /** What the console, the API and the WebSocket show. */
  public AdminService service() {
    return service;
  }

  /**
   * Registers the JSON API at {@value #API_PATH}, the metrics at {@value #METRICS_PATH} (needing
   * the role {@value AdminConfig#ROLE} unless {@code rtmpt.metrics-public}) and, when the container
   * offers a WebSocket server, the console's live updates at {@value ConsoleEndpoint#PATH}. Call it
   * while the context starts.
   */
  public void register(ServletContext context) {
    ServletRegistration.Dynamic api =
        added("admin-api", context.addServlet("admin-api", new AdminApiServlet(service, actions)));
    api.setLoadOnStartup(2);
    api.addMapping(API_PATH);
    ServletRegistration.Dynamic registration =
        added("metrics", context.addServlet("metrics", new MetricsServlet(metrics.registry())));
    registration.addMapping(METRICS_PATH);
    if (!config.metricsPublic()) {
      registration.setServletSecurity(
          new ServletSecurityElement(
              new HttpConstraintElement(TransportGuarantee.NONE, AdminConfig.ROLE)));
    }
    boolean live = registerWebSocket(context);
    service.liveUpdates(live);
    LOG.info(
        "admin console at {}/admin/ ({}), metrics at {}{} ({})",
        context.getContextPath(),
        live
            ? "live updates over WebSocket"
            : "no WebSocket support: the console polls the API every "
                + AdminService.SAMPLE_PERIOD.toSeconds()
                + " s",
        context.getContextPath(),
        METRICS_PATH,
        config.metricsPublic() ? "public" : "role " + AdminConfig.ROLE);
  }

  /**
   * Adds the console's endpoint where the container offers a WebSocket server (its {@code
   * ServerContainer} context attribute): only then is {@link ConsoleEndpoint}, and with it the
   * WebSocket API, loaded.
   */
  private boolean registerWebSocket(ServletContext context) {
    Object webSockets = context.getAttribute(SERVER_CONTAINER);
    if (webSockets == null) {
      LOG.info(
          "the container offers no WebSocket server ({} attribute missing; Jetty: module"
              + " ee10-websocket-jakarta): the admin console polls its API instead",
          SERVER_CONTAINER);
      return false;
    }
    try {
      return ConsoleEndpoint.register(webSockets, hub);
    } catch (LinkageError e) {
      LOG.warn(
          "the container's WebSocket server cannot be used ({}): the admin console polls its API"
              + " instead",
          e.toString());
      return false;
    }
  }

  private static ServletRegistration.Dynamic added(
      String name, ServletRegistration.Dynamic registration) {
    if (registration == null) {
      throw new IllegalStateException("a servlet named " + name + " is registered already");
    }
    return registration;
  }

  /** Stops the timer and closes every console connection. */
  @Override
  public void close() {
    timer.shutdownNow();
    hub.closeAll();
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "rtmpt-admin-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
