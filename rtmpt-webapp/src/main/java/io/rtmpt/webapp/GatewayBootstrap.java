package io.rtmpt.webapp;

import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.health.HealthServlet;
import io.rtmpt.webapp.tunnel.RtmptServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application's one {@code ServletContextListener} (web.xml): builds the {@link Gateway}
 * from the settings, stores it in the context attribute {@link Gateway#ATTRIBUTE}, and registers
 * the servlets with the parts they serve: the RTMPT servlet ({@code /open/*}, {@code /send/*},
 * {@code /idle/*}, {@code /close/*}, {@code /fcs/*}), the health endpoints ({@code /healthz},
 * {@code /readyz}, unauthenticated), the admin API ({@code /admin/api/*}), the metrics ({@code
 * /metrics}) and the console's WebSocket ({@code /admin/ws}). Puts the drain the executable's
 * SIGTERM hook runs into {@link Gateway#DRAIN_ATTRIBUTE}. Drains and stops the gateway with the
 * application.
 *
 * <p>A bad setting or a taken RTMP port fails the deployment with one log line that names it.
 */
public final class GatewayBootstrap implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayBootstrap.class);

  private Gateway gateway;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    try {
      gateway = Gateway.start(Settings.from(context), context.getServerInfo());
    } catch (IllegalArgumentException | IOException e) {
      LOG.error("rtmpt-bridge did not start: {}", e.getMessage());
      throw new IllegalStateException("rtmpt-bridge did not start: " + e.getMessage(), e);
    }
    try {
      RtmptServlet.register(context, gateway.tunnels());
      HealthServlet.register(context, gateway.health());
      gateway.admin().register(context);
    } catch (RuntimeException e) {
      gateway.close();
      gateway = null;
      throw e;
    }
    context.setAttribute(Gateway.ATTRIBUTE, gateway);
    Gateway started = gateway;
    context.setAttribute(Gateway.DRAIN_ATTRIBUTE, (Runnable) () -> drainForStop(started));
    LOG.info(
        "rtmpt-bridge started at context path '{}': bridge {}{}, RTMP listener {}, "
            + "idle hold {} ms, session timeout {} ms, drain grace {} ms",
        context.getContextPath(),
        gateway.config().bridge().name().toLowerCase(Locale.ROOT),
        gateway.upstream().backendProbe().map(p -> " to " + p.address()).orElse(""),
        gateway.upstream().rtmpListener().orElse("off"),
        gateway.tunnels().config().idleHold().toMillis(),
        gateway.tunnels().config().sessionTimeout().toMillis(),
        gateway.drain().grace().toMillis());
  }

  private static void drainForStop(Gateway gateway) {
    try {
      gateway.drain().shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (gateway != null) {
      event.getServletContext().removeAttribute(Gateway.DRAIN_ATTRIBUTE);
      event.getServletContext().removeAttribute(Gateway.ATTRIBUTE);
      gateway.shutdown();
      gateway = null;
      LOG.info("rtmpt-bridge stopped");
    }
  }
}
