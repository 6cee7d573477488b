package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.CountingRelay;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.WarEntries;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged WAR in a standalone Jetty 12 (jetty-home from Maven Central, unpacked by the build
 * into target/jetty-home/), set up step by step as README.md's "Deploying in Jetty 12" says: a
 * Jetty base made of the repository's docker/jetty/ files (the ones the Jetty image copies), the
 * modules of README's {@code --add-modules=} command, a keytool keystore with its password in
 * {@code start.d/rtmpt-keystore.ini}, a user in the realm's properties file, the WAR as {@code
 * webapps/root.war}; then {@code java -jar start.jar} in a process of its own, on loopback ports
 * given as properties on its command line (the only change to the base).
 *
 * <p>ffmpeg publishes over rtmpts:// and records over rtmpt:// and rtmpts://; a player stays on one
 * keep-alive connection for over a minute (counted by a {@link CountingRelay}); a connection idle
 * for longer than Jetty's default idle timeout stays open (the base's setting); the console asks
 * for the realm's user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneJettyIT {
  private static final String USER = "admin";
  private static final String PASSWORD = "standalone jetty it";
  private static final String STREAM = "/live/standalone";

  /** Jetty's default connector idle timeout, which the base raises to 120 s. */
  private static final Duration JETTY_DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private static Path logs;
  private static JettyBase base;
  private static int httpPort;
  private static int httpsPort;
  private static int rtmpPort;
  private static ExternalProcess jetty;
  private static ExternalProcess publisher;
  private static CountingRelay relay;
  private static Player longPlayer;

  @BeforeAll
  static void makeTheBaseAsReadmeSaysAndStartJetty() throws Exception {
    JettyBase.home();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(StandaloneJettyIT.class);
    // README: copy docker/jetty/ into an empty base, add the modules, the keystore and its
    // password, a user, the WAR.
    base =
        JettyBase.make(
            logs,
            ReadmeSnippets.jettyModules(PackagedWar.projectFile("README.md")),
            USER,
            PASSWORD);

    do {
      httpPort = Ports.freePort();
      httpsPort = Ports.freePort();
      rtmpPort = Ports.freePort();
    } while (Stream.of(httpPort, httpsPort, rtmpPort).distinct().count() < 3);
    // Dockerfile.jetty's ENV, the native RTMP listener on a free loopback port.
    Map<String, String> environment =
        new HashMap<>(
            DockerFiles.environment(PackagedWar.projectFile(DeploymentFiles.JETTY_DOCKERFILE)));
    assertEquals("1935", environment.get("RTMPT_RTMP_PORT"), "Dockerfile.jetty: " + environment);
    environment.put("RTMPT_RTMP_PORT", "" + rtmpPort);
    environment.put("RTMPT_RTMP_HOST", "127.0.0.1");
    jetty =
        base.start(
            "jetty",
            List.of(
                "jetty.http.host=127.0.0.1",
                "jetty.http.port=" + httpPort,
                "jetty.ssl.host=127.0.0.1",
                "jetty.ssl.port=" + httpsPort),
            environment);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest get = HttpRequest.newBuilder(http("/open/1")).GET().build();
    Await.until(
        "root.war deployed (GET /open/1 answered 405)",
        Duration.ofSeconds(120),
        () -> client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 405,
        jetty::isAlive,
        jetty::tail);

    publisher =
        LiveChecks.startPublisher("publisher", logs, "rtmpts://127.0.0.1:" + httpsPort + STREAM);
    relay = CountingRelay.start("127.0.0.1", httpPort);
    longPlayer =
        Player.start(
            "long-player",
            logs,
            "rtmpt://127.0.0.1:" + relay.port() + STREAM,
            LiveChecks.LONG_PLAY_SECONDS);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {longPlayer, relay, publisher}) {
      if (c != null) {
        c.close();
      }
    }
    if (jetty != null) {
      try {
        jetty.stop(Duration.ofSeconds(15));
      } finally {
        jetty.close();
      }
    }
  }

  private static URI http(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  @Test
  @Order(3)
  void nothingButTheEndpointsAndTheProtectedConsoleIsServed() throws Exception {
    WarEntries.assertNothingServed("http://127.0.0.1:" + httpPort, PackagedWar.war());
  }

  @Test
  @Order(1)
  void readmesModulesIncludeWebSocketHttpsAndTheRealm() throws Exception {
    List<String> modules = ReadmeSnippets.jettyModules(PackagedWar.projectFile("README.md"));
    for (String required :
        new String[] {"http", "https", "ee10-deploy", "ee10-websocket-jakarta", "rtmpt-realm"}) {
      assertTrue(modules.contains(required), required + " missing from README's " + modules);
    }
  }

  @Test
  @Order(2)
  void aStreamPublishedOverRtmptsPlaysBackOverRtmptAndRtmpts() throws Exception {
    try (Recording rtmpt =
            Recording.start("rtmpt-recording", logs, "rtmpt://127.0.0.1:" + httpPort + STREAM);
        Recording rtmpts =
            Recording.start("rtmpts-recording", logs, "rtmpts://127.0.0.1:" + httpsPort + STREAM)) {
      rtmpt.assertPlayedBackAsPublished();
      rtmpts.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
  void theConsoleAsksForTheRealmsUserAndLetsItIn() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> anonymous =
        client.send(
            HttpRequest.newBuilder(http("/admin/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(
        challenge.toLowerCase(Locale.ROOT).contains("realm=\"rtmpt-bridge\""),
        "WWW-Authenticate: " + challenge);

    assertEquals(401, console(client, USER + ":wrong password").statusCode());
    HttpResponse<String> user = console(client, USER + ":" + PASSWORD);
    assertEquals(200, user.statusCode(), user.body());
    assertTrue(user.body().contains("<html"), user.body());
  }

  private static HttpResponse<String> console(HttpClient client, String credentials)
      throws Exception {
    String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    return client.send(
        HttpRequest.newBuilder(http("/admin/")).header("Authorization", "Basic " + basic).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(4)
  void aConnectionIdleForLongerThanJettysDefaultTimeoutStaysOpen() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5_000);
      socket.setSoTimeout(15_000);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      assertEquals(200, openTunnel(in, out), "first /open/1");
      // A client pausing longer than Jetty's default idle timeout (30 s) on a kept-alive
      // connection: with the base's 120 s the connection is still there. The pause is what is
      // tested, not a wait for something to happen.
      Thread.sleep(JETTY_DEFAULT_IDLE_TIMEOUT.plusSeconds(5).toMillis());
      assertEquals(200, openTunnel(in, out), "/open/1 on the same connection after 35 s idle");
    }
  }

  /** POST /open/1 on a kept-alive connection; its status, the body read by Content-Length. */
  private static int openTunnel(InputStream in, OutputStream out) throws IOException {
    out.write(
        ("POST /open/1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + httpPort
                + "\r\nContent-Type: application/x-fcs\r\nContent-Length: 1\r\n\r\n\0")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String status = line(in);
    int length = -1;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    assertTrue(length >= 0, "no Content-Length in the reply to /open/1: " + status);
    assertEquals(length, in.readNBytes(length).length, "body of " + status);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by Jetty");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  @Order(5)
  void aPlayerStaysOnOneKeepAliveConnectionForOverAMinute() throws Exception {
    Player.Outcome outcome = longPlayer.assertPlayedThroughout();
    assertEquals(1, relay.connectionsAccepted(), outcome + ": TCP connections the player opened");
  }
}
