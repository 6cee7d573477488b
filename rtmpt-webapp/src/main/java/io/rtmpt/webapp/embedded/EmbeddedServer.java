package io.rtmpt.webapp.embedded;

import static io.rtmpt.webapp.GatewayBootstrap.NOT_STARTED;

import io.rtmpt.engine.server.CertificateSource;
import io.rtmpt.webapp.config.MediaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
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
 * RTMPTS on HTTPS, native RTMP and optional native RTMPS from the in-process engine; HTTPS and
 * RTMPS share one certificate ({@link EmbeddedTls}). Started by {@link
 * io.rtmpt.webapp.launcher.WarLauncher}; the WAR's path comes in the system property {@code
 * rtmpt.war}.
 */
public final class EmbeddedServer {
  /** Keep-alive idle timeout: far longer than any pause of a polling RTMPT client. */
  private static final long IDLE_TIMEOUT_MILLIS = 120_000;

  /** The settings this executable sets from its flags, as the flags name them. */
  private static final Map<String, String> FLAGS_OF_SETTINGS =
      Map.ofEntries(
          Map.entry("rtmpt.rtmps-port", "--rtmps-port"),
          Map.entry("rtmpt.rtmp-port", "--rtmp-port"),
          Map.entry("rtmpt.rtmp-host", "--host"),
          Map.entry("rtmpt.rtmps-host", "--host"),
          Map.entry("rtmpt.rtmps-keystore-password", "--keystore-password"),
          Map.entry("rtmpt.rtmps-keystore", "--keystore"),
          Map.entry("rtmpt.rtmps-certificate", "--tls-cert"),
          Map.entry("rtmpt.rtmps-private-key-password", "--tls-key-password"),
          Map.entry("rtmpt.rtmps-private-key", "--tls-key"),
          Map.entry("rtmpt.node-id", "--node-id"),
          Map.entry("rtmpt.backend", "--backend"));

  /** Exit code: the server cannot start (a port taken, an unusable data directory...). */
  public static final int EXIT_CANNOT_START = 1;

  /** Exit code: a bad flag, environment variable or setting. */
  public static final int EXIT_BAD_USAGE = 2;

  /**
   * Jetty logs a failed application start at WARN with the exception's stack; when the exception is
   * the gateway's own (a bad setting, a taken port), the gateway has logged the one line that says
   * it all and the stack says nothing more: {@link #configureLogging()} filters that record. Held
   * here because java.util.logging keeps loggers weakly.
   */
  private static final Logger WEBAPP_LOG =
      Logger.getLogger("org.eclipse.jetty.ee10.webapp.WebAppContext");

  /**
   * The gateway logs its startup failure as one line naming the setting; the executable prints the
   * same line with the flag that sets it instead ({@code --rtmp-port}, not {@code
   * rtmpt.rtmp-port}), so it filters the gateway's record and prints its own: one line either way.
   */
  private static final Logger GATEWAY_LOG = Logger.getLogger("io.rtmpt.webapp.GatewayBootstrap");

  /**
   * The application's context attribute holding its drain, a {@link Runnable} ({@code
   * io.rtmpt.webapp.Gateway#DRAIN_ATTRIBUTE}; the application's classes are not visible from here).
   */
  static final String DRAIN_ATTRIBUTE = "io.rtmpt.webapp.Gateway.drain";

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
  private WebAppContext webapp;
  private AdminPassword adminPassword;
  private EmbeddedTls tls;

  public EmbeddedServer(EmbeddedOptions options, Path war) {
    this.options = options;
    this.war = war;
  }

  /**
   * Runs the executable WAR. Exit codes: 0 after {@code --help}; {@value #EXIT_BAD_USAGE} for a bad
   * flag, environment variable or setting; {@value #EXIT_CANNOT_START} when it cannot start (a port
   * is taken, the data directory cannot be written, the application fails); each with one line on
   * stderr (or in the log) that says why, without a stack trace unless it is a bug. Once running,
   * SIGTERM and SIGINT stop it (the JVM's 143 and 130); every session the stop ends is logged.
   */
  public static void main(String[] args) {
    if (TokenMinter.wanted(args)) {
      System.exit(TokenMinter.run(args, System.getenv(), System.out, System.err));
      return;
    }
    configureLogging();
    EmbeddedOptions options;
    try {
      options = EmbeddedOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("rtmpt-bridge: " + e.getMessage());
      System.exit(EXIT_BAD_USAGE);
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
      System.exit(EXIT_BAD_USAGE);
      return;
    }
    EmbeddedServer server = new EmbeddedServer(options, Path.of(war));
    try {
      server.start();
    } catch (StartupFailure e) {
      if (!e.logged()) {
        System.err.println("rtmpt-bridge: " + e.getMessage());
      }
      server.stopQuietly();
      System.exit(e.exitCode());
      return;
    } catch (Exception e) {
      System.err.println("rtmpt-bridge: " + oneLine(e));
      server.stopQuietly();
      System.exit(EXIT_CANNOT_START);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "rtmpt-shutdown"));
    System.out.print(server.banner());
    System.out.flush();
  }

  /**
   * Binds the ports and deploys the WAR.
   *
   * @throws StartupFailure the server cannot run, for a reason its message gives in one line
   */
  public void start() throws Exception {
    try {
      adminPassword = AdminPassword.resolve(options.adminPassword(), options.dataDir());
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupFailure(EXIT_CANNOT_START, e.getMessage(), false);
    }
    QueuedThreadPool threads = new QueuedThreadPool(400, 8, 60_000);
    threads.setName("rtmpt-http");
    server = new Server(threads);
    HttpConfiguration httpConfig = httpConfiguration();
    if (!options.trustedProxies().isEmpty()) {
      httpConfig.addCustomizer(new TrustedProxies(options.trustedProxies()));
    }
    if (options.httpPort() > 0) {
      http = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
      configure(http, options.host(), options.httpPort());
      server.addConnector(http);
    }
    if (options.usesCertificate()) {
      tls = EmbeddedTls.load(options); // HTTPS's and RTMPS's: a bad file fails here, named by flag
    }
    if (options.httpsPort() > 0) {
      SslContextFactory.Server ssl = tls.sslContextFactory();
      ssl.setSniRequired(false);
      HttpConfiguration httpsConfig = new HttpConfiguration(httpConfig);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(
          false); // clients connect by IP address; the certificate is theirs to check
      httpsConfig.addCustomizer(secure);
      https =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(httpsConfig));
      configure(https, options.host(), options.httpsPort());
      server.addConnector(https);
    }
    webapp = new WebAppContext();
    webapp.setWar(war.toString());
    webapp.setContextPath(options.contextPath());
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.setInitParameter("rtmpt.rtmp-host", options.host());
    webapp.setInitParameter("rtmpt.rtmp-port", String.valueOf(options.rtmpPort()));
    webapp.setInitParameter("rtmpt.bridge", options.bridge());
    webapp.setInitParameter("rtmpt.backend", options.backend());
    rtmpsParameters().forEach(webapp::setInitParameter);
    if (options.nodeId() != null) {
      webapp.setInitParameter("rtmpt.node-id", options.nodeId());
    }
    if (options.vodDir() != null) {
      webapp.setInitParameter(MediaSettings.VOD_DIR, options.vodDir());
    }
    if (options.recordDir() != null) {
      webapp.setInitParameter(MediaSettings.RECORD_DIR, options.recordDir());
    }
    if (options.drainGrace() != null) {
      webapp.setInitParameter("rtmpt.drain-grace-ms", options.drainGrace());
    }
    webapp.getSecurityHandler().setLoginService(new AdminRealm(adminPassword));
    JakartaWebSocketServletContainerInitializer.configure(webapp, null);
    // RTMPT clients post to /open/1 at the server root whatever the URL's path: under another
    // context path the tunnel's endpoints are served at the root too.
    server.setHandler(
        options.contextPath().equals("/")
            ? webapp
            : new RootTunnelPaths(options.contextPath(), webapp));
    server.setStopAtShutdown(false);
    bind(http, "--http-port");
    bind(https, "--https-port");
    try {
      server.start();
    } catch (Exception e) {
      throw failed(webapp.getUnavailableException() != null ? webapp.getUnavailableException() : e);
    }
    if (!webapp.isAvailable()) {
      throw failed(webapp.getUnavailableException());
    }
    if (https != null) {
      tls.checkEvery(Duration.ofMillis(options.tlsReloadCheckMillis()));
    }
  }

  /** Opens {@code connector}'s port now, so that a taken port is reported with its flag. */
  private void bind(ServerConnector connector, String flag) throws StartupFailure {
    if (connector == null) {
      return;
    }
    try {
      connector.open();
    } catch (IOException e) {
      throw new StartupFailure(
          EXIT_CANNOT_START,
          "cannot listen on "
              + connector.getHost()
              + ":"
              + connector.getPort()
              + " ("
              + flag
              + "): "
              + oneLine(e),
          false);
    }
  }

  /**
   * The context parameters of the engine's RTMPS listener: its port, the bind address, the
   * certificate of the same flags HTTPS uses, and the reload check interval.
   */
  private Map<String, String> rtmpsParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("rtmpt.rtmps-port", String.valueOf(options.rtmpsPort()));
    parameters.put("rtmpt.rtmps-host", options.host());
    if (options.rtmpsPort() == 0) {
      return parameters;
    }
    CertificateSource source = EmbeddedTls.source(options);
    if (source instanceof CertificateSource.KeyStoreFile keyStore) {
      parameters.put("rtmpt.rtmps-keystore", keyStore.file().toAbsolutePath().toString());
      parameters.put("rtmpt.rtmps-keystore-password", keyStore.storePassword());
    } else if (source instanceof CertificateSource.PemFiles pem) {
      parameters.put("rtmpt.rtmps-certificate", pem.certificateChain().toAbsolutePath().toString());
      parameters.put("rtmpt.rtmps-private-key", pem.privateKey().toAbsolutePath().toString());
      if (pem.keyPassword() != null) {
        parameters.put("rtmpt.rtmps-private-key-password", pem.keyPassword());
      }
    }
    parameters.put("rtmpt.rtmps-reload-check-ms", String.valueOf(options.tlsReloadCheckMillis()));
    return parameters;
  }

  /**
   * The failure of the application's start: a bad setting exits {@value #EXIT_BAD_USAGE}, anything
   * else {@value #EXIT_CANNOT_START}; its one line names the flags rather than the settings they
   * set.
   */
  private static StartupFailure failed(Throwable cause) {
    if (cause == null) {
      return new StartupFailure(
          EXIT_CANNOT_START, "the web application did not start (see the log above)", false);
    }
    boolean badSetting = false;
    boolean gateway = false;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      badSetting |= t instanceof IllegalArgumentException;
      gateway |= reportedByGateway(t);
    }
    // The gateway's own line was filtered (configureLogging): print it, with the flags' names.
    return new StartupFailure(
        badSetting && gateway ? EXIT_BAD_USAGE : EXIT_CANNOT_START, oneLine(cause), false);
  }

  /** The gateway's own startup failure, whose one line it has logged (GatewayBootstrap). */
  private static boolean reportedByGateway(Throwable t) {
    return t.getMessage() != null && t.getMessage().startsWith(NOT_STARTED);
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

  /**
   * What the executable prints once started: the URL of every transport, the console, the admin
   * password when it was generated, and a command to try. RTMPT URLs carry no context path: clients
   * post to the server root whatever their URL's path (see {@link RootTunnelPaths}); the console is
   * under the context path.
   */
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
    if (options.nodeId() != null) {
      sb.append(", node id ").append(options.nodeId());
    }
    sb.append(")\n");
    if (http != null) {
      sb.append(String.format("  RTMPT   rtmpt://%s:%d/live/STREAM%n", host, httpPort()));
    }
    if (https != null) {
      sb.append(String.format("  RTMPTS  rtmpts://%s:%d/live/STREAM%n", host, httpsPort()));
    }
    if (options.rtmpPort() > 0 && options.bridge().equals("engine")) {
      sb.append(String.format("  RTMP    rtmp://%s:%d/live/STREAM%n", host, options.rtmpPort()));
    }
    if (options.rtmpsPort() > 0 && options.bridge().equals("engine")) {
      sb.append(String.format("  RTMPS   rtmps://%s:%d/live/STREAM%n", host, options.rtmpsPort()));
    }
    String console =
        http != null
            ? String.format("http://%s:%d%s/admin/", host, httpPort(), path)
            : String.format("https://%s:%d%s/admin/", host, httpsPort(), path);
    sb.append(String.format("  Console %s  (user %s)%n", console, AdminPassword.USER));
    if (!path.isEmpty()) {
      sb.append(
          String.format(
              "  (RTMPT clients post to /open/1 at the server root: the tunnel is served there"
                  + " and under %s)%n",
              path));
    }
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
    String access = accessSummary();
    if (access != null) {
      sb.append(String.format("%n  %s%n", access));
    }
    if (http != null) {
      sb.append(
          String.format(
              "%nTry: ffmpeg -re -f lavfi -i testsrc=size=640x360:rate=25 -c:v libx264 -g 50 -f flv"
                  + " rtmpt://%s:%d/live/test%n     ffplay rtmpt://%s:%d/live/test%n",
              host, httpPort(), host, httpPort()));
    }
    return sb.toString();
  }

  /**
   * The web application's own sentence on who may publish ({@code Gateway.accessSummary()}), or
   * null before it started. Read reflectively: the application's classes are its own class
   * loader's, not this one's.
   */
  private String accessSummary() {
    if (webapp == null) {
      return null;
    }
    Object gateway = webapp.getServletContext().getAttribute("io.rtmpt.webapp.Gateway");
    if (gateway == null) {
      return null;
    }
    try {
      return (String) gateway.getClass().getMethod("accessSummary").invoke(gateway);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return null;
    }
  }

  /**
   * SIGTERM: drains the application while Jetty still serves it (new tunnels refused, running ones
   * go on for the grace period, then told and closed), then stops Jetty. Stopping Jetty first would
   * close the connectors under the running tunnels before the application hears of it.
   */
  void shutdown() {
    if (webapp != null
        && webapp.getServletContext().getAttribute(DRAIN_ATTRIBUTE) instanceof Runnable drain) {
      try {
        drain.run();
      } catch (RuntimeException e) {
        System.err.println("rtmpt-bridge: error while draining: " + oneLine(e));
      }
    }
    stopQuietly();
  }

  void stopQuietly() {
    if (tls != null) {
      tls.close();
    }
    try {
      if (server != null && server.isRunning()) {
        server.stop();
      }
    } catch (Exception e) {
      System.err.println("rtmpt-bridge: error while stopping: " + oneLine(e));
    }
  }

  /**
   * One line for a startup failure: the web application's own message when it failed (a setting
   * named by its flag), else the root cause's.
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith(NOT_STARTED)) {
        return asFlags(t.getMessage().substring(NOT_STARTED.length())).replace('\n', ' ');
      }
      root = t;
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replace('\n', ' ');
  }

  /**
   * Writes the settings the flags set as the flags: {@code rtmpt.rtmps-port} as {@code
   * --rtmps-port}.
   */
  private static String asFlags(String message) {
    String out = message;
    for (Map.Entry<String, String> e : FLAGS_OF_SETTINGS.entrySet()) {
      out = out.replaceAll("\\b" + Pattern.quote(e.getKey()) + "\\b(?![-.])", e.getValue());
    }
    return out;
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s [%3$s] %5$s%6$s%n");
    }
    WEBAPP_LOG.setFilter(
        record -> {
          for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (reportedByGateway(t)) {
              return false;
            }
            if (t.getCause() == t) {
              break;
            }
          }
          return true;
        });
    GATEWAY_LOG.setFilter(
        record -> record.getMessage() == null || !record.getMessage().startsWith(NOT_STARTED));
  }
}
