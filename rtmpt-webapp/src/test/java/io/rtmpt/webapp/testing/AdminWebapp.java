package io.rtmpt.webapp.testing;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.webapp.Gateway;
import io.rtmpt.webapp.admin.AdminService;
import io.rtmpt.webapp.bridge.EngineUpstream;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Password;

/**
 * The whole web application as a container deploys it: a Jetty 12 {@link WebAppContext} reading the
 * real {@code src-main-webapp/WEB-INF/web.xml} (listeners, servlets, filters, security constraints,
 * login config) and serving its static files, with this module's classes from the test class path,
 * WebSocket support and a realm holding {@link #USER} (role rtmpt-admin) and {@link #OTHER_USER}
 * (no role). On 127.0.0.1, an ephemeral port, the root context. Init parameters configure it like
 * context-params would; {@code rtmpt.drain-grace-ms} is 0 unless a test sets it, so that closing
 * stops the application at once.
 */
public final class AdminWebapp implements AutoCloseable {
  public static final String USER = "admin";
  public static final String PASSWORD = "test-admin-password";

  /** Authenticated but not in role rtmpt-admin. */
  public static final String OTHER_USER = "viewer";

  public static final String OTHER_PASSWORD = "test-viewer-password";

  private final Server server;
  private final ServerConnector connector;
  private final WebAppContext webapp;

  private AdminWebapp(Map<String, String> initParameters, boolean webSockets) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    Path logs = Files.createDirectories(Path.of("target", "interop"));
    server.setRequestLog(
        new CustomRequestLog(
            logs.resolve("admin-webapp-requests.log").toString(),
            CustomRequestLog.EXTENDED_NCSA_FORMAT + " %{Origin}i"));

    webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(webappDirectory().toString());
    webapp.setParentLoaderPriority(true);
    webapp.setThrowUnavailableOnStartupException(true);
    // the console's WebJars (META-INF/resources) come from the test class path, not WEB-INF/lib
    webapp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, ".*/uplot-[^/]*\\.jar$");
    webapp.setInitParameter("rtmpt.drain-grace-ms", "0");
    initParameters.forEach(webapp::setInitParameter);
    webapp.getSecurityHandler().setLoginService(realm());
    if (webSockets) {
      JakartaWebSocketServletContainerInitializer.configure(webapp, null);
    } else {
      // as Jetty without ee10-websocket-jakarta: neither the WebSocket configuration nor its
      // initializer, which the class path would otherwise bring in
      webapp.removeConfiguration(JakartaWebSocketConfiguration.class);
      webapp.setAttribute(
          AnnotationConfiguration.SERVLET_CONTAINER_INITIALIZER_EXCLUSION_PATTERN,
          "org\\.eclipse\\.jetty\\.ee10\\.websocket\\..*");
    }
    server.setHandler(webapp);
    server.start();
    if (!webapp.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the web application did not start");
    }
  }

  public static AdminWebapp start(Map<String, String> initParameters) throws Exception {
    return new AdminWebapp(initParameters, true);
  }

  /**
   * As a container without WebSocket support deploys it (Jetty without its {@code
   * ee10-websocket-jakarta} module): no {@code ServerContainer} for the console's endpoint.
   */
  public static AdminWebapp startWithoutWebSocket(Map<String, String> initParameters)
      throws Exception {
    return new AdminWebapp(initParameters, false);
  }

  private static HashLoginService realm() {
    UserStore users = new UserStore();
    users.addUser(USER, new Password(PASSWORD), new String[] {"rtmpt-admin"});
    users.addUser(OTHER_USER, new Password(OTHER_PASSWORD), new String[] {"viewer"});
    HashLoginService realm = new HashLoginService("rtmpt-bridge");
    realm.setUserStore(users);
    return realm;
  }

  /** {@code src-main-webapp}, found from the module directory the tests run in. */
  static Path webappDirectory() {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path dir = module.resolve("../src-main-webapp").normalize();
    if (!Files.isRegularFile(dir.resolve("WEB-INF/web.xml"))) {
      throw new IllegalStateException("no WEB-INF/web.xml under " + dir);
    }
    return dir;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String httpBase() {
    return "http://127.0.0.1:" + port();
  }

  public URI uri(String path) {
    return URI.create(httpBase() + path);
  }

  /** {@code rtmpt://127.0.0.1:PORT/APP/STREAM}. */
  public String rtmptUrl(String app, String stream) {
    return "rtmpt://127.0.0.1:" + port() + "/" + app + "/" + stream;
  }

  /** The Authorization header value for a user. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A request to {@code path} with the admin user's credentials. */
  public HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", basic(USER, PASSWORD));
  }

  public static HttpClient client() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public Gateway gateway() {
    return Gateway.from(webapp.getServletContext());
  }

  /** The engine, in engine mode; null in backend mode, which builds none. */
  public RtmpEngine engine() {
    return gateway().upstream() instanceof EngineUpstream e ? e.engine() : null;
  }

  public RtmptSessionRegistry registry() {
    return gateway().tunnels();
  }

  public AdminService service() {
    return gateway().admin().service();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
