package io.rtmpt.webapp;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.webapp.bridge.BackendPeerFactory;
import io.rtmpt.webapp.bridge.EnginePeerFactory;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application's composition root: reads the configuration, builds the engine, the bridge
 * the tunnels use and, when asked for, the native RTMP listener; stores them in context attributes
 * for the servlets; stops them with the application. A bad setting fails the deployment with one
 * log line that names it.
 */
public final class EngineBootstrap implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(EngineBootstrap.class);

  /** Context attribute holding the {@link RtmpEngine}. */
  public static final String ENGINE_ATTRIBUTE = RtmpEngine.class.getName();

  /** Context attribute holding the effective {@link WebappConfig}. */
  public static final String CONFIG_ATTRIBUTE = WebappConfig.class.getName();

  /** Context attribute holding the {@link Settings} the configuration was read from. */
  public static final String SETTINGS_ATTRIBUTE = Settings.class.getName();

  /** Context attribute holding the native listener's {@link RtmpServer}, when there is one. */
  public static final String RTMP_SERVER_ATTRIBUTE = RtmpServer.class.getName();

  /** Context attribute holding the {@link BackendPeerFactory} in backend mode. */
  public static final String BACKEND_ATTRIBUTE = BackendPeerFactory.class.getName();

  private RtmpEngine engine;
  private RtmpServer rtmpServer;
  private BackendPeerFactory backend;
  private RtmptSessionRegistry registry;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    try {
      start(context);
    } catch (IllegalArgumentException | IOException e) {
      LOG.error("rtmpt-bridge did not start: {}", e.getMessage());
      stop();
      throw new IllegalStateException("rtmpt-bridge did not start: " + e.getMessage(), e);
    }
  }

  private void start(ServletContext context) throws IOException {
    Settings settings = Settings.from(context);
    WebappConfig config = WebappConfig.from(settings);
    RtmptConfig tunnel = RtmptConfig.from(settings);
    EngineEvents events = new EngineEvents();
    engine = new RtmpEngine(config.engine(), events);
    context.setAttribute(EngineEvents.ATTRIBUTE, events);
    TunnelPeerFactory peers;
    if (config.bridge() == Bridge.ENGINE) {
      peers = new EnginePeerFactory(engine);
      context.setAttribute(EnginePeerFactory.ATTRIBUTE, peers);
      if (config.rtmpPort() > 0) {
        rtmpServer = new RtmpServer(engine, config.rtmpHost(), config.rtmpPort()).start();
        context.setAttribute(RTMP_SERVER_ATTRIBUTE, rtmpServer);
      }
    } else {
      backend =
          new BackendPeerFactory(
              config.backend().host(),
              config.backend().port(),
              config.backendBufferBytes(),
              (int) config.backendConnectTimeout().toMillis());
      peers = backend;
      context.setAttribute(BACKEND_ATTRIBUTE, backend);
      if (config.rtmpPort() > 0) {
        LOG.info(
            "native RTMP listener not started: in backend mode clients reach the backend "
                + "{} directly",
            config.backend());
      }
    }
    registry = new RtmptSessionRegistry(tunnel, peers);
    context.setAttribute(ENGINE_ATTRIBUTE, engine);
    context.setAttribute(CONFIG_ATTRIBUTE, config);
    context.setAttribute(SETTINGS_ATTRIBUTE, settings);
    context.setAttribute(RtmptSessionRegistry.ATTRIBUTE, registry);
    LOG.info(
        "rtmpt-bridge started at context path '{}': bridge {}{}, RTMP listener {}, "
            + "idle hold {} ms, session timeout {} ms",
        context.getContextPath(),
        config.bridge().name().toLowerCase(java.util.Locale.ROOT),
        config.bridge() == Bridge.BACKEND ? " to " + config.backend() : "",
        rtmpServer == null ? "off" : rtmpServer.host() + ":" + rtmpServer.port(),
        tunnel.idleHold().toMillis(),
        tunnel.sessionTimeout().toMillis());
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    stop();
    LOG.info("rtmpt-bridge stopped");
  }

  private void stop() {
    if (registry != null) {
      registry.close();
      registry = null;
    }
    if (rtmpServer != null) {
      rtmpServer.close();
      rtmpServer = null;
    }
    if (engine != null) {
      engine.closeAll("server stopping");
      engine = null;
    }
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }
}
