package io.rtmpt.webapp.embedded;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The executable WAR: embedded Jetty 12 deploying this same WAR, with RTMPT on HTTP, optional
 * RTMPTS on HTTPS and native RTMP from the in-process engine. Started by {@link
 * io.rtmpt.webapp.launcher.WarLauncher}; the WAR's path comes in the system property {@code
 * rtmpt.war}.
 */
public final class EmbeddedServer {
  /** Keep-alive idle timeout: far longer than any pause of a polling RTMPT client. */
  private static final long IDLE_TIMEOUT_MILLIS = 120_000;

  /**
   * No per-connection header field cache. Jetty's default (1024) gives every connection, at its
   * first request, a trie of about 100 KB of {@code char[]} (HttpParser$FieldCache): measured at 98
   * KB of a 195 KiB heap per idle RTMPT tunnel (benchmark B3, docs/benchmarks.md), and RTMPT keeps
   * one connection per client open for the whole session. Jetty's shared cache of common headers
   * still applies.
   */
  static final int HEADER_CACHE_SIZE = 0;

  /**
   * Connections waiting to be accepted. Jetty's default (0) leaves the JDK's 50: when hundreds of
   * clients (re)connect at once, the queue overflows and some are reset (B3 lost 1-3 % of 5,000 and
   * 10,000 tunnels opened 250 at a time). Linux caps it at net.core.somaxconn (4096 by default).
   */
  static final int ACCEPT_QUEUE_SIZE = 1024;

  private final EmbeddedOptions options;
  private final Path war;
  private Server server;
  private ServerConnector http;
  private ServerConnector https;
  private AdminPassword adminPassword;

  public EmbeddedServer(EmbeddedOptions options, Path war) {
    this.options = options;
    this.war = war;
  }

  public static void main(String[] args) {
    configureLogging();
    EmbeddedOptions options;
    try {
      options = EmbeddedOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("rtmpt-bridge: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(EmbeddedOptions.usage());
      return;
    }
    String war = System.getProperty("rtmpt.war");
    if (war == null) {
      System.err.println(
          "rtmpt-bridge: system property rtmpt.war is not set (start with java -jar)");
      System.exit(2);
      return;
    }
    EmbeddedServer server = new EmbeddedServer(options, Path.of(war));
    try {
      server.start();
    } catch (Exception e) {
      System.err.println("rtmpt-bridge: " + oneLine(e));
      server.stopQuietly();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "rtmpt-shutdown"));
    System.out.print(server.banner());
    System.out.flush();
  }

  public void start() throws Exception {
    adminPassword = AdminPassword.resolve(options.adminPassword(), options.dataDir());
    QueuedThreadPool threads = new QueuedThreadPool(400, 8, 60_000);
    threads.setName("rtmpt-http");
    server = new Server(threads);
    HttpConfiguration httpConfig = httpConfiguration();
    if (options.httpPort() > 0) {
      http = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
      configure(http, options.host(), options.httpPort());
      server.addConnector(http);
    }
    if (options.httpsPort() > 0) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(options.keystore().toAbsolutePath().toString());
      tls.setKeyStorePassword(options.keystorePassword());
      tls.setSniRequired(false);
      HttpConfiguration httpsConfig = new HttpConfiguration(httpConfig);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(
          false); // clients connect by IP address; the certificate is theirs to check
      httpsConfig.addCustomizer(secure);
      https =
          new ServerConnector(
              server,
              new SslConnectionFactory(tls, "http/1.1"),
              new HttpConnectionFactory(httpsConfig));
      configure(https, options.host(), options.httpsPort());
      server.addConnector(https);
    }
    WebAppContext webapp = new WebAppContext();
    webapp.setWar(war.toString());
    webapp.setContextPath(options.contextPath());
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.setInitParameter("rtmpt.rtmp-host", options.host());
    webapp.setInitParameter("rtmpt.rtmp-port", String.valueOf(options.rtmpPort()));
    webapp.setInitParameter("rtmpt.bridge", options.bridge());
    webapp.setInitParameter("rtmpt.backend", options.backend());
    webapp.getSecurityHandler().setLoginService(new AdminRealm(adminPassword));
    JakartaWebSocketServletContainerInitializer.configure(webapp, null);
    server.setHandler(webapp);
    server.setStopAtShutdown(false);
    server.start();
    if (!webapp.isAvailable()) {
      throw new IllegalStateException("the web application did not start (see the log above)");
    }
  }

  /**
   * The HTTP settings of the executable WAR's connectors: no Server or X-Powered-By header, no
   * per-connection header field cache ({@link #HEADER_CACHE_SIZE}). The benchmark server uses them
   * too.
   */
  public static HttpConfiguration httpConfiguration() {
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    httpConfig.setSendXPoweredBy(false);
    httpConfig.setHeaderCacheSize(HEADER_CACHE_SIZE);
    return httpConfig;
  }

  /**
   * Binds {@code connector} to {@code host:port} with the executable WAR's idle timeout and accept
   * queue ({@link #ACCEPT_QUEUE_SIZE}).
   */
  public static void configure(ServerConnector connector, String host, int port) {
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
  }

  /** The admin password generated by this start (to print once), or null. */
  public String generatedAdminPassword() {
    return adminPassword == null ? null : adminPassword.generated();
  }

  /** The ports actually bound (for tests that pass 0... and for the banner). */
  public int httpPort() {
    return http == null ? 0 : http.getLocalPort();
  }

  public int httpsPort() {
    return https == null ? 0 : https.getLocalPort();
  }

  String banner() {
    String host =
        options.host().equals("0.0.0.0") || options.host().equals("::")
            ? "localhost"
            : options.host();
    String path = options.contextPath().equals("/") ? "" : options.contextPath();
    StringBuilder sb = new StringBuilder();
    sb.append("\nrtmpt-bridge is running (bridge: ").append(options.bridge());
    if (options.bridge().equals("backend")) {
      sb.append(" -> ").append(options.backend());
    }
    sb.append(")\n");
    if (http != null) {
      sb.append(String.format("  RTMPT   rtmpt://%s:%d%s/live/STREAM%n", host, httpPort(), path));
    }
    if (https != null) {
      sb.append(String.format("  RTMPTS  rtmpts://%s:%d%s/live/STREAM%n", host, httpsPort(), path));
    }
    if (options.rtmpPort() > 0 && options.bridge().equals("engine")) {
      sb.append(String.format("  RTMP    rtmp://%s:%d/live/STREAM%n", host, options.rtmpPort()));
    }
    String console =
        http != null
            ? String.format("http://%s:%d%s/admin/", host, httpPort(), path)
            : String.format("https://%s:%d%s/admin/", host, httpsPort(), path);
    sb.append(String.format("  Console %s  (user %s)%n", console, AdminPassword.USER));
    if (adminPassword.generated() != null) {
      String line = "=".repeat(72);
      sb.append(
          String.format(
              "%n%s%n  Generated admin password (shown once, only its hash is kept in%n  %s):%n%n  "
                  + "    %s%n%n  Give your own with --admin-password or"
                  + " RTMPT_ADMIN_PASSWORD.%n%s%n",
              line, adminPassword.file(), adminPassword.generated(), line));
    } else if (adminPassword.file() != null) {
      sb.append(
          String.format(
              "  Admin password: as generated at first start (hash in %s)%n",
              adminPassword.file()));
    }
    if (http != null) {
      sb.append(
          String.format(
              "%nTry: ffmpeg -re -f lavfi -i testsrc=size=640x360:rate=25 -c:v libx264 -g 50 -f flv"
                  + " rtmpt://%s:%d%s/live/test%n     ffplay rtmpt://%s:%d%s/live/test%n",
              host, httpPort(), path, host, httpPort(), path));
    }
    return sb.toString();
  }

  void stopQuietly() {
    try {
      if (server != null && server.isRunning()) {
        server.stop();
      }
    } catch (Exception e) {
      System.err.println("rtmpt-bridge: error while stopping: " + oneLine(e));
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replace('\n', ' ');
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s [%3$s] %5$s%6$s%n");
    }
  }
}
