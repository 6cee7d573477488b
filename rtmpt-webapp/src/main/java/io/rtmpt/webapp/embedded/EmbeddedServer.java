package io.rtmpt.webapp.embedded;

import static io.rtmpt.webapp.embedded.StartupReport.configureLogging;
import static io.rtmpt.webapp.embedded.StartupReport.failed;
import static io.rtmpt.webapp.embedded.StartupReport.oneLine;

import io.rtmpt.engine.server.CertificateSource;
import io.rtmpt.webapp.config.MediaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ConnectionFactory;
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

  /** Exit code: the server cannot start (a port taken, an unusable data directory...). */
  public static final int EXIT_CANNOT_START = 1;

  /** Exit code: a bad flag, environment variable or setting. */
  public static final int EXIT_BAD_USAGE = 2;

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
      http = connector(new HttpConnectionFactory(httpConfig));
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
          connector(
              new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpsConfig));
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
  /** A connector with {@link QuickAckConnector}'s quick acknowledgements, unless switched off. */
  private ServerConnector connector(ConnectionFactory... factories) {
    return options.tcpQuickAck() && QuickAckConnector.supported()
        ? new QuickAckConnector(server, factories)
        : new ServerConnector(server, factories);
  }

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

  /** What the executable prints once started: see {@link Banner}. */
  String banner() {
    return new Banner(options, adminPassword)
        .text(
            http == null ? -1 : httpPort(),
            https == null ? -1 : httpsPort(),
            Banner.accessSummary(webapp));
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
}
