package io.rtmpt.webapp.testing;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.webapp.Gateway;
import io.rtmpt.webapp.GatewayBootstrap;
import io.rtmpt.webapp.bridge.BackendPeerFactory;
import io.rtmpt.webapp.bridge.BackendUpstream;
import io.rtmpt.webapp.bridge.EngineUpstream;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The web application wired as web.xml wires it (its one listener, which registers the servlets),
 * without web.xml's security constraints, in a real Jetty 12 in the test JVM on 127.0.0.1:0. Init
 * parameters configure it like context-params would. Real clients (ffmpeg, rtmpdump) always post to
 * {@code /open/1} at the server root, so interop tests use the root context; servlet tests may use
 * a context path. Unless a test sets it, {@code rtmpt.drain-grace-ms} is 0: closing the server
 * stops the application at once, whatever clients are still connected.
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
    context = new ServletContextHandler(contextPath, ServletContextHandler.SECURITY);
    // A realm without users, as a container has one: the metrics servlet asks for a role.
    UserStore noUsers = new UserStore();
    HashLoginService realm = new HashLoginService("rtmpt-bridge");
    realm.setUserStore(noUsers);
    context.getSecurityHandler().setLoginService(realm);
    context.getSecurityHandler().setAuthenticator(new BasicAuthenticator());
    context.setInitParameter("rtmpt.drain-grace-ms", "0");
    initParameters.forEach(context::setInitParameter);
    context.addEventListener(new GatewayBootstrap());
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
    if (webapp.gateway() == null) {
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

  /** The application's gateway, or null when it did not start. */
  public Gateway gateway() {
    return context.getServletContext().getAttribute(Gateway.ATTRIBUTE) instanceof Gateway g
        ? g
        : null;
  }

  /** The engine, in engine mode; null in backend mode, which builds none. */
  public RtmpEngine engine() {
    return gateway().upstream() instanceof EngineUpstream e ? e.engine() : null;
  }

  public RtmptSessionRegistry registry() {
    return gateway().tunnels();
  }

  /** The backend bridge, in backend mode; null in engine mode. */
  public BackendPeerFactory backend() {
    return gateway().upstream() instanceof BackendUpstream b ? b.peers() : null;
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
