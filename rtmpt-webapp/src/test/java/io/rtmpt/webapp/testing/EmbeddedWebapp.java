package io.rtmpt.webapp.testing;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.webapp.EngineBootstrap;
import io.rtmpt.webapp.bridge.BackendPeerFactory;
import io.rtmpt.webapp.tunnel.RtmptServlet;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The web application wired as web.xml wires it (bootstrap listener + RTMPT servlet), in a real
 * Jetty 12 in the test JVM on 127.0.0.1:0. Init parameters configure it like context-params would.
 * Real clients (ffmpeg, rtmpdump) always post to {@code /open/1} at the server root, so interop
 * tests use the root context; servlet tests may use a context path.
 */
public final class EmbeddedWebapp implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ServletContextHandler context;
  private final ConnectionStatistics connections = new ConnectionStatistics();

  private final String contextPath;

  private EmbeddedWebapp(String contextPath, Map<String, String> initParameters) throws Exception {
    this.contextPath = contextPath;
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(120_000);
    connector.addBean(connections);
    server.addConnector(connector);
    context = new ServletContextHandler(contextPath);
    initParameters.forEach(context::setInitParameter);
    context.addEventListener(new EngineBootstrap());
    ServletHolder rtmpt = new ServletHolder("rtmpt", RtmptServlet.class);
    rtmpt.setAsyncSupported(true);
    rtmpt.setInitOrder(1);
    for (String mapping : new String[] {"/open/*", "/send/*", "/idle/*", "/close/*", "/fcs/*"}) {
      context.addServlet(rtmpt, mapping);
    }
    server.setHandler(context);
    server.start();
  }

  /** At the root context, as real clients need. */
  public static EmbeddedWebapp start(Map<String, String> initParameters) throws Exception {
    return start("/", initParameters);
  }

  public static EmbeddedWebapp start(String contextPath, Map<String, String> initParameters)
      throws Exception {
    EmbeddedWebapp webapp = new EmbeddedWebapp(contextPath, initParameters);
    if (webapp.registry() == null) {
      webapp.close();
      throw new IllegalStateException("the web application did not start");
    }
    return webapp;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** {@code rtmpt://127.0.0.1:PORT/APP/STREAM}. */
  public String rtmptUrl(String app, String stream) {
    return "rtmpt://127.0.0.1:" + port() + "/" + app + "/" + stream;
  }

  /** The base URL of the context, for raw HTTP requests: {@code http://127.0.0.1:PORT/ctx}. */
  public String httpBase() {
    return "http://127.0.0.1:" + port() + (contextPath.equals("/") ? "" : contextPath);
  }

  public RtmpEngine engine() {
    return (RtmpEngine) context.getServletContext().getAttribute(EngineBootstrap.ENGINE_ATTRIBUTE);
  }

  public RtmptSessionRegistry registry() {
    return (RtmptSessionRegistry)
        context.getServletContext().getAttribute(RtmptSessionRegistry.ATTRIBUTE);
  }

  /** The backend bridge, in backend mode; null in engine mode. */
  public BackendPeerFactory backend() {
    return (BackendPeerFactory)
        context.getServletContext().getAttribute(EngineBootstrap.BACKEND_ATTRIBUTE);
  }

  /** TCP connections the HTTP connector accepted so far. */
  public long connectionsOpened() {
    return connections.getConnectionsTotal();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
