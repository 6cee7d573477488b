package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.access.StreamTokens;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.CountingRelay;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.WarEntries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar target/rtmpt-bridge.war} as a user (or the Jetty image) runs it: RTMPT on HTTP,
 * RTMPTS on HTTPS with a keystore made by keytool, native RTMP; ffmpeg publishes over rtmpts:// and
 * plays over rtmpts://, rtmpt:// and rtmp://, and a player stays on one connection for over a
 * minute (counted by a {@link CountingRelay} in front of the HTTP port). Also the command line's
 * errors and --help, and the environment variables the Jetty image sets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExecutableWarIT {
  /**
   * How long the packaged WAR may take to print its banner: about 10 s on an idle machine, over a
   * minute on a loaded one (two cores shared by concurrent builds: seen 50 s for Jetty alone).
   */
  static final Duration STARTUP = Duration.ofSeconds(150);

  private static final String STREAM = "/live/x";
  private static final String RUNNING = "rtmpt-bridge is running";

  /** The image's user rtmpt has the home directory /nonexistent. */
  private static final String NONEXISTENT_HOME = "-Duser.home=/nonexistent";

  /**
   * A home directory nothing can be created in, even by root (tests may run as root, who could
   * create /nonexistent): a path below /dev/null.
   */
  private static final String UNUSABLE_HOME = "-Duser.home=/dev/null/home";

  private static Path logs;
  private static Path war;
  private static int httpPort;
  private static int httpsPort;
  private static int rtmpPort;
  private static ExternalProcess server;
  private static ExternalProcess publisher;
  private static CountingRelay relay;
  private static Player longPlayer;

  @BeforeAll
  static void startTheWarAndTheLongPlayer() throws Exception {
    war = PackagedWar.war();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(ExecutableWarIT.class);
    Path keystore = Keystores.selfSigned(logs.resolve("rtmpt.p12"), logs);
    do {
      httpPort = Ports.freePort();
      httpsPort = Ports.freePort();
      rtmpPort = Ports.freePort();
    } while (Stream.of(httpPort, httpsPort, rtmpPort).distinct().count() < 3);

    server =
        startWar(
            "server",
            List.of(
                "--host",
                "127.0.0.1",
                "--http-port",
                "" + httpPort,
                "--https-port",
                "" + httpsPort,
                "--keystore",
                keystore.toString(),
                "--keystore-password",
                Keystores.PASSWORD,
                "--rtmp-port",
                "" + rtmpPort),
            Map.of());
    awaitRunning(server);

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
    stop(server);
  }

  /** java -jar the WAR, with temporary and data directories of its own under the logs. */
  private static ExternalProcess startWar(
      String name, List<String> args, Map<String, String> environment) throws IOException {
    return startWar(name, args, environment, List.of());
  }

  /** As above, with more JVM options (e.g. the user's home directory). */
  private static ExternalProcess startWar(
      String name, List<String> args, Map<String, String> environment, List<String> jvmOptions)
      throws IOException {
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", war.toString()));
    command.addAll(args);
    // The generated admin password's hash goes here, not into the home directory.
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.putIfAbsent("RTMPT_DATA_DIR", logs.resolve(name + "-data").toString());
    return ExternalProcess.start(name, logs, command, env);
  }

  private static void awaitRunning(ExternalProcess war) throws InterruptedException {
    Await.until(
        war + " printed its banner",
        STARTUP,
        () -> war.stdout().contains(RUNNING),
        war::isAlive,
        () -> "stdout:\n" + stdoutOf(war) + "\nstderr:\n" + war.tail());
  }

  private static String stdoutOf(ExternalProcess p) {
    try {
      return p.stdout();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * SIGTERM (the shutdown hook drains: the tunnels of players this test killed end by their session
   * timeout, 10 s; then it stops Jetty and deletes the unpacked jars), SIGKILL after 40 s.
   */
  private static void stop(ExternalProcess p) throws InterruptedException {
    if (p != null) {
      try {
        p.stop(Duration.ofSeconds(40));
      } finally {
        p.close();
      }
    }
  }

  @Test
  @Order(3)
  void nothingButTheEndpointsAndTheProtectedConsoleIsServed() throws Exception {
    WarEntries.assertNothingServed("http://127.0.0.1:" + httpPort, PackagedWar.war());
  }

  @Test
  @Order(1)
  void theBannerListsTheUrlOfEveryTransport() throws Exception {
    String banner = server.stdout();
    assertTrue(banner.contains("rtmpt://127.0.0.1:" + httpPort + "/live/STREAM"), banner);
    assertTrue(banner.contains("rtmpts://127.0.0.1:" + httpsPort + "/live/STREAM"), banner);
    assertTrue(banner.contains("rtmp://127.0.0.1:" + rtmpPort + "/live/STREAM"), banner);
    assertTrue(
        banner.contains("Access: ANYONE may publish to any application"),
        "the default is open, and the banner says so:\n" + banner);
  }

  @Test
  @Order(7)
  void mintTokenPrintsATokenTheServerWouldAcceptAndStartsNothing() throws Exception {
    String secret = "the-secret-of-the-executable-war-it";
    try (ExternalProcess mint =
        startWar(
            "mint-token",
            List.of("--mint-token", "publish/live/cam1", "--token-ttl", "1h"),
            Map.of("RTMPT_ACCESS_TOKEN_SECRET", secret))) {
      assertEquals(0, mint.waitFor(Duration.ofSeconds(60)), mint.tail());
      String token = mint.stdout().strip();
      long now = Instant.now().getEpochSecond();
      assertEquals(
          StreamTokens.Check.VALID,
          StreamTokens.check(List.of(secret), "publish", "live", "cam1", "token=" + token, now),
          token);
      assertTrue(!mint.stdout().contains(RUNNING), "no server started");
    }
  }

  @Test
  @Order(2)
  void aStreamPublishedOverRtmptsPlaysBackOverRtmptsRtmptAndRtmp() throws Exception {
    try (Recording rtmpts =
            Recording.start("rtmpts-recording", logs, "rtmpts://127.0.0.1:" + httpsPort + STREAM);
        Recording rtmpt =
            Recording.start("rtmpt-recording", logs, "rtmpt://127.0.0.1:" + httpPort + STREAM);
        Recording rtmp =
            Recording.start("rtmp-recording", logs, "rtmp://127.0.0.1:" + rtmpPort + STREAM)) {
      rtmpts.assertPlayedBackAsPublished();
      rtmpt.assertPlayedBackAsPublished();
      rtmp.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
  void theHealthCheckPassesAgainstTheRunningWar() throws Exception {
    assertEquals(
        0, HealthCheck.run(logs, "healthcheck-ok", Map.of("RTMPT_HTTP_PORT", "" + httpPort)));
    assertEquals(
        1,
        HealthCheck.run(
            logs,
            "healthcheck-wrong-context",
            Map.of("RTMPT_HTTP_PORT", "" + httpPort, "RTMPT_CONTEXT_PATH", "/elsewhere")));
  }

  @Test
  @Order(4)
  void theImagesEnvironmentAloneStartsItAsTheImagesUserWhoseHomeIsNonexistent() throws Exception {
    int port = Ports.freePort();
    int rtmp;
    do {
      rtmp = Ports.freePort();
    } while (rtmp == port);
    // Dockerfile.executable's ENV, no flags; host, ports and the data directory (a volume in the
    // image) changed to free loopback ports and a directory of the test.
    Map<String, String> environment =
        new HashMap<>(
            DockerFiles.environment(
                PackagedWar.projectFile(DeploymentFiles.EXECUTABLE_DOCKERFILE)));
    assertEquals("/var/lib/rtmpt-bridge", environment.get("RTMPT_DATA_DIR"), "" + environment);
    Path data = logs.resolve("image-data");
    environment.put("RTMPT_HOST", "127.0.0.1");
    environment.put("RTMPT_HTTP_PORT", "" + port);
    environment.put("RTMPT_RTMP_PORT", "" + rtmp);
    environment.put("RTMPT_DATA_DIR", data.toString());
    ExternalProcess fromImage =
        startWar("image-env", List.of(), environment, List.of(NONEXISTENT_HOME));
    try {
      awaitRunning(fromImage);
      String banner = fromImage.stdout();
      assertTrue(banner.contains("rtmpt://127.0.0.1:" + port + "/live/STREAM"), banner);
      assertTrue(banner.contains("rtmp://127.0.0.1:" + rtmp + "/live/STREAM"), banner);
      assertTrue(banner.contains("Generated admin password"), banner);
      assertTrue(Files.isRegularFile(data.resolve("admin-password.properties")), banner);
      assertEquals(0, HealthCheck.run(logs, "healthcheck-env", environment));
    } finally {
      stop(fromImage);
    }
  }

  @Test
  @Order(5)
  void withoutADataDirectoryAHomelessUserIsToldWhatToSet() throws Exception {
    // What the image did before it had a data directory: the user's home cannot be written.
    Map<String, String> environment =
        Map.of("RTMPT_DATA_DIR", "", "RTMPT_HTTP_PORT", "" + Ports.freePort());
    try (ExternalProcess homeless =
        startWar(
            "homeless",
            List.of("--host", "127.0.0.1", "--rtmp-port", "0"),
            environment,
            List.of(UNUSABLE_HOME))) {
      assertEquals(1, homeless.waitFor(Duration.ofSeconds(60)), homeless.tail());
      String error = homeless.stderr().strip();
      assertTrue(error.contains("--data-dir (RTMPT_DATA_DIR)"), error);
      assertTrue(error.contains("--admin-password (RTMPT_ADMIN_PASSWORD)"), error);
    }
  }

  @Test
  @Order(6)
  void underAContextPathTheBannersUrlsAndItsTryCommandWork() throws Exception {
    int port = Ports.freePort();
    ExternalProcess war =
        startWar(
            "context-path",
            List.of(
                "--host",
                "127.0.0.1",
                "--http-port",
                "" + port,
                "--rtmp-port",
                "0",
                "--context-path",
                "/rtmpt"),
            Map.of());
    try {
      awaitRunning(war);
      String banner = war.stdout();
      // As printed: the ffmpeg command after "Try:", the ffplay URL, the console's URL.
      List<String> tryCommand = List.of(group(banner, "Try: (ffmpeg .+)").split(" "));
      String playUrl = group(banner, "ffplay (rtmpt://\\S+)");
      String console = group(banner, "Console (http://\\S+)");
      assertTrue(banner.contains("rtmpt://127.0.0.1:" + port + "/live/STREAM"), banner);
      assertEquals("http://127.0.0.1:" + port + "/rtmpt/admin/", console, banner);

      List<String> command = new ArrayList<>(tryCommand);
      command.set(0, Interop.requireTool("ffmpeg").toString());
      try (ExternalProcess publisher = ExternalProcess.start("try-publisher", logs, command)) {
        Await.until(
            "the banner's Try: command has published 50 frames",
            Duration.ofSeconds(60),
            () -> Ffmpeg.lastFrameCount(publisher.stderr()) >= 50,
            publisher::isAlive,
            publisher::tail);
        Path flv = logs.resolve("try-recording.flv");
        try (ExternalProcess player =
            ExternalProcess.start(
                "try-recording", logs, Ffmpeg.record(playUrl, LiveChecks.RECORD_SECONDS, flv))) {
          assertEquals(0, player.waitFor(Duration.ofSeconds(60)), player.tail());
        }
        Ffmpeg.Probe probe = Ffmpeg.probe(flv, logs);
        assertEquals("h264", probe.videoCodec(), "" + probe);
        assertEquals(640, probe.width(), "" + probe);
        assertEquals(360, probe.height(), "" + probe);
        assertTrue(
            probe.videoFrames() >= LiveChecks.minFrames(LiveChecks.RECORD_SECONDS), "" + probe);
      }
      HttpResponse<Void> consolePage =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(console)).build(),
                  HttpResponse.BodyHandlers.discarding());
      assertEquals(401, consolePage.statusCode(), "the console asks for its user: " + console);
    } finally {
      stop(war);
    }
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no " + regex + " in:\n" + text);
    return m.group(1).strip();
  }

  @Test
  @Order(7)
  void aBadFlagExitsWithCode2AndOneLineNamingIt() throws Exception {
    try (ExternalProcess bad = startWar("bad-flag", List.of("--http-port", "x"), Map.of())) {
      assertEquals(2, bad.waitFor(Duration.ofSeconds(60)), bad.tail());
      List<String> lines = bad.stderr().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "stderr: " + lines);
      assertTrue(lines.get(0).contains("--http-port"), lines.get(0));
      assertTrue(lines.get(0).contains("'x'"), lines.get(0));
    }
  }

  @Test
  @Order(8)
  void helpListsEveryFlagTheReadmeDocuments() throws Exception {
    List<String> flags = ReadmeSnippets.executableWarFlags(PackagedWar.projectFile("README.md"));
    assertTrue(flags.size() >= 9, "README.md's option table: " + flags);
    try (ExternalProcess help = startWar("help", List.of("--help"), Map.of())) {
      assertEquals(0, help.waitFor(Duration.ofSeconds(60)), help.tail());
      String usage = help.stdout();
      for (String flag : flags) {
        assertTrue(usage.contains("  " + flag + " "), flag + " missing from --help:\n" + usage);
      }
      assertTrue(usage.contains("--help"), usage);
    }
  }

  @Test
  @Order(9)
  void aPlayerStaysOnOneConnectionForOverAMinute() throws Exception {
    Player.Outcome outcome = longPlayer.assertPlayedThroughout();
    assertEquals(1, relay.connectionsAccepted(), outcome + ": TCP connections the player opened");
  }
}
