package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.Gateway;
import io.rtmpt.webapp.config.Settings;
import io.rtmpt.webapp.embedded.EmbeddedServer;
import io.rtmpt.webapp.tunnel.RtmptServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The server of B5, started as a JVM of its own ({@code java -cp <test class path>
 * io.rtmpt.webapp.bench.BenchServer PORT}): Jetty 12 with the HTTP settings, connector settings and
 * thread pool of the executable WAR ({@link EmbeddedServer}), the RTMPT servlet wired as web.xml
 * wires it, and {@link TrivialServlet} at {@value #TRIVIAL_PATH} in the same context, so that both
 * answer through the same container. Settings come from {@code -Drtmpt.*} system properties. Prints
 * {@value #READY} once listening; runs until killed.
 */
public final class BenchServer {
  static final String READY = "bench server ready";
  static final String TRIVIAL_PATH = "/bench/trivial";

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    QueuedThreadPool threads = new QueuedThreadPool(400, 8, 60_000);
    Server server = new Server(threads);
    ServerConnector connector =
        new ServerConnector(server, new HttpConnectionFactory(EmbeddedServer.httpConfiguration()));
    EmbeddedServer.configure(connector, "127.0.0.1", port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    // The gateway and the RTMPT servlet only (no console): what the tunnel's requests cost.
    context.addEventListener(
        new ServletContextListener() {
          private Gateway gateway;

          @Override
          public void contextInitialized(ServletContextEvent event) {
            ServletContext servletContext = event.getServletContext();
            try {
              gateway =
                  Gateway.start(Settings.from(servletContext), servletContext.getServerInfo());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            RtmptServlet.register(servletContext, gateway.tunnels());
          }

          @Override
          public void contextDestroyed(ServletContextEvent event) {
            if (gateway != null) {
              gateway.close();
            }
          }
        });
    context.addServlet(new ServletHolder("trivial", new TrivialServlet()), TRIVIAL_PATH);
    server.setHandler(context);
    server.start();
    System.out.println(READY + " on port " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  /**
   * The least a servlet can answer to an RTMPT poll: reads the body, replies 200 with one byte, the
   * headers of an RTMPT reply and an explicit Content-Length.
   */
  static final class TrivialServlet extends HttpServlet {
    private static final byte[] BODY = {1};

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      request.getInputStream().readAllBytes();
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType("application/x-fcs");
      response.setHeader("Cache-Control", "no-cache");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
