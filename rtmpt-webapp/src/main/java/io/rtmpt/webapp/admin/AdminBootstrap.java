package io.rtmpt.webapp.admin;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.webapp.EngineBootstrap;
import io.rtmpt.webapp.EngineEvents;
import io.rtmpt.webapp.bridge.EnginePeerFactory;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the admin console, its API, its WebSocket and the metrics, after {@link EngineBootstrap}
 * (web.xml lists it second): builds the {@link Metrics} and the {@link AdminService} from the
 * engine, the tunnel registry and the configuration that bootstrap left in context attributes,
 * starts the sampling timer, registers the WebSocket endpoint with the container's {@link
 * ServerContainer} (web.xml is metadata-complete: nothing is scanned) and the metrics servlet,
 * whose security follows {@code rtmpt.metrics-public}.
 */
public final class AdminBootstrap implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  /** Context attribute holding the {@link AdminService}. */
  public static final String SERVICE_ATTRIBUTE = AdminService.class.getName();

  /** Context attribute holding the {@link Metrics}. */
  public static final String METRICS_ATTRIBUTE = Metrics.class.getName();

  /** Where the metrics are, relative to the context. */
  public static final String METRICS_PATH = "/metrics";

  private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";
  private static final Duration BACKEND_CHECK_PERIOD = Duration.ofSeconds(10);
  private static final Duration BACKEND_CHECK_TIMEOUT = Duration.ofSeconds(3);

  private ScheduledExecutorService timer;
  private ConsoleHub hub;
  private EngineEvents events;
  private final List<EngineListener> listeners = new ArrayList<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    RtmpEngine engine = attribute(context, EngineBootstrap.ENGINE_ATTRIBUTE, RtmpEngine.class);
    RtmptSessionRegistry tunnels =
        attribute(context, RtmptSessionRegistry.ATTRIBUTE, RtmptSessionRegistry.class);
    WebappConfig config = attribute(context, EngineBootstrap.CONFIG_ATTRIBUTE, WebappConfig.class);
    Settings settings = attribute(context, EngineBootstrap.SETTINGS_ATTRIBUTE, Settings.class);
    events = attribute(context, EngineEvents.ATTRIBUTE, EngineEvents.class);
    EnginePeerFactory enginePeers =
        context.getAttribute(EnginePeerFactory.ATTRIBUTE) instanceof EnginePeerFactory f ? f : null;
    RtmpServer rtmpServer =
        context.getAttribute(EngineBootstrap.RTMP_SERVER_ATTRIBUTE) instanceof RtmpServer s
            ? s
            : null;
    AdminConfig admin;
    try {
      admin = AdminConfig.from(settings);
    } catch (IllegalArgumentException e) {
      LOG.error("rtmpt-bridge admin console did not start: {}", e.getMessage());
      throw new IllegalStateException("rtmpt-bridge did not start: " + e.getMessage(), e);
    }

    BackendProbe backend =
        config.bridge() == Bridge.BACKEND
            ? new BackendProbe(
                config.backend(), min(config.backendConnectTimeout(), BACKEND_CHECK_TIMEOUT))
            : null;
    Metrics metrics = new Metrics(engine, tunnels, backend == null, backend);
    AdminService service =
        new AdminService(
            engine,
            tunnels,
            enginePeers,
            rtmpServer == null ? null : rtmpServer.host() + ":" + rtmpServer.port(),
            metrics,
            backend,
            admin,
            new KeepAliveLimits(),
            context.getServerInfo(),
            EffectiveConfig.entries(settings, config, tunnels.config(), admin));
    timer = Executors.newScheduledThreadPool(2, threads());
    hub = new ConsoleHub(service, timer);
    service.onChange(hub::changed);
    listeners.add(metrics);
    listeners.add(service.engineListener());
    listeners.forEach(events::add);
    long period = AdminService.SAMPLE_PERIOD.toMillis();
    timer.scheduleAtFixedRate(hub::tick, 0, period, TimeUnit.MILLISECONDS);
    if (backend != null) {
      timer.scheduleWithFixedDelay(
          backend::check, 0, BACKEND_CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }
    context.setAttribute(SERVICE_ATTRIBUTE, service);
    context.setAttribute(METRICS_ATTRIBUTE, metrics);
    registerMetricsServlet(context, metrics, admin);
    boolean live = registerWebSocket(context);
    LOG.info(
        "admin console at {}/admin/ ({}), metrics at {}{} ({})",
        context.getContextPath(),
        live ? "live updates over WebSocket" : "no WebSocket support: no live updates",
        context.getContextPath(),
        METRICS_PATH,
        admin.metricsPublic() ? "public" : "role " + AdminConfig.ROLE);
  }

  private static void registerMetricsServlet(
      ServletContext context, Metrics metrics, AdminConfig admin) {
    ServletRegistration.Dynamic registration =
        context.addServlet("metrics", new MetricsServlet(metrics.registry()));
    registration.addMapping(METRICS_PATH);
    if (!admin.metricsPublic()) {
      registration.setServletSecurity(
          new ServletSecurityElement(
              new HttpConstraintElement(TransportGuarantee.NONE, AdminConfig.ROLE)));
    }
  }

  private boolean registerWebSocket(ServletContext context) {
    if (!(context.getAttribute(SERVER_CONTAINER) instanceof ServerContainer container)) {
      LOG.warn(
          "the container offers no WebSocket server ({} attribute missing): the admin "
              + "console will show data as of page load only",
          SERVER_CONTAINER);
      return false;
    }
    try {
      container.addEndpoint(ConsoleEndpoint.config(hub));
      return true;
    } catch (DeploymentException e) {
      LOG.warn("admin console WebSocket not registered: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (events != null) {
      listeners.forEach(events::remove);
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (hub != null) {
      hub.closeAll();
    }
  }

  private static <T> T attribute(ServletContext context, String name, Class<T> type) {
    Object value = context.getAttribute(name);
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "admin console: no "
              + type.getSimpleName()
              + " in context attribute "
              + name
              + " (is EngineBootstrap listed before "
              + "AdminBootstrap in web.xml?)");
    }
    return type.cast(value);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
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
