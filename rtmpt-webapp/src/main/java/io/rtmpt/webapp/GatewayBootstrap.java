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
 * <p>A bad setting, a taken RTMP or RTMPS port, or an unusable RTMPS certificate fails the
 * deployment with one log line that names the setting, and an exception without a stack trace or
 * cause (the line says it all; a container logs the exception too): {@link BadSetting}, an {@code
 * IllegalArgumentException}, for a setting; {@link CannotStart} for a port or a certificate.
 */
public final class GatewayBootstrap implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayBootstrap.class);

  /** How the one line of a failed start begins (the executable WAR looks for it). */
  public static final String NOT_STARTED = "rtmpt-bridge did not start: ";

  private Gateway gateway;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    try {
      gateway = Gateway.start(Settings.from(context), context.getServerInfo());
    } catch (IllegalArgumentException e) {
      LOG.error("{}{}", NOT_STARTED, e.getMessage());
      throw new BadSetting(NOT_STARTED + e.getMessage());
    } catch (IOException e) {
      LOG.error("{}{}", NOT_STARTED, e.getMessage());
      throw new CannotStart(NOT_STARTED + e.getMessage());
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
            + "RTMPS listener {}, handshake types {}, idle hold {} ms, session timeout {} ms, "
            + "drain grace {} ms",
        context.getContextPath(),
        gateway.config().bridge().name().toLowerCase(Locale.ROOT),
        gateway.upstream().backendProbe().map(p -> " to " + p.address()).orElse(""),
        gateway.upstream().rtmpListener().orElse("off"),
        gateway
            .upstream()
            .rtmpsListener()
            .map(l -> l.address() + " (" + l.certificate().subject() + ")")
            .orElse("off"),
        gateway.config().engine().handshakePolicy(),
        gateway.tunnels().config().idleHold().toMillis(),
        gateway.tunnels().config().sessionTimeout().toMillis(),
        gateway.drain().grace().toMillis());
    String access = gateway.accessSummary();
    if (access.contains("ANYONE") || access.contains("IGNORED")) {
      LOG.warn(access);
    } else {
      LOG.info(access);
    }
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

  /** A setting's value cannot be used: the message names it, where it came from, and the value. */
  public static final class BadSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadSetting(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a user's mistake: the message is the whole story
    }
  }

  /** The gateway could not start (the native RTMP listener's port is taken): the message says. */
  public static final class CannotStart extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CannotStart(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // the message names the address and the setting
    }
  }
}
