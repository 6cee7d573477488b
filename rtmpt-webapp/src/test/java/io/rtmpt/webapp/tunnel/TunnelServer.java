package io.rtmpt.webapp.tunnel;

import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 on 127.0.0.1, port 0, with {@link RtmptServlet} mapped as the gateway maps it
 * under the context path {@value #CONTEXT_PATH}, and a {@link FakePeerFactory} behind the registry.
 * Tests start one through the {@link TunnelServers} extension, which stops it.
 */
final class TunnelServer implements AutoCloseable {

  static final String CONTEXT_PATH = "/rtmpt";

  private final Server server;
  private final ServerConnector connector;
  private final RtmptSessionRegistry registry;
  private final FakePeerFactory peers = new FakePeerFactory();

  private TunnelServer(RtmptConfig config) throws Exception {
    registry = new RtmptSessionRegistry(config, peers);
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
    context.addEventListener(
        new ServletContextListener() {
          @Override
          public void contextInitialized(ServletContextEvent event) {
            // A deployment-wide default charset must not leak into Content-Type: application/x-fcs.
            event.getServletContext().setResponseCharacterEncoding("UTF-8");
            RtmptServlet.register(event.getServletContext(), registry);
          }

          @Override
          public void contextDestroyed(ServletContextEvent event) {
            registry.close();
          }
        });
    server.setHandler(context);
    server.start();
  }

  /** A server with the built-in defaults overridden by {@code settings} (keys as in web.xml). */
  static TunnelServer start(String... settings) throws Exception {
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      parameters.put(settings[i], settings[i + 1]);
    }
    return new TunnelServer(RtmptConfig.from(new Settings(parameters, Map.of(), Map.of())));
  }

  int port() {
    return connector.getLocalPort();
  }

  RtmptSessionRegistry registry() {
    return registry;
  }

  FakePeerFactory peers() {
    return peers;
  }

  /** A new raw HTTP/1.1 connection to this server. */
  RawHttpConnection connect() throws IOException {
    return new RawHttpConnection("127.0.0.1", port());
  }

  /** Opens a session over {@code connection} and returns its id. */
  String open(RawHttpConnection connection) throws Exception {
    RawResponse response = connection.post("/open/1", new byte[] {0});
    if (response.status() != 200) {
      throw new AssertionError("/open/1 answered " + response.statusLine());
    }
    String body = response.bodyText();
    return body.substring(0, body.length() - 1);
  }

  RtmptSessionInfo info(String sessionId) {
    return registry
        .session(sessionId)
        .orElseThrow(() -> new AssertionError("no session " + sessionId));
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      registry.close();
    }
  }
}
