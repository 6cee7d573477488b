package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.CountingRelay;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code java -jar target/rtmpt-bridge.war} as a user (or the Jetty image) runs it: RTMPT on HTTP,
 * RTMPTS on HTTPS with a keystore made by keytool, native RTMP; ffmpeg publishes over rtmpts:// and
 * plays over rtmpts://, rtmpt:// and rtmp://, and a player stays on one connection for over a
 * minute (counted by a {@link CountingRelay} in front of the HTTP port). Also the command line's
 * errors and --help, and the environment variables the Jetty image sets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExecutableWarIT {
  private static final String STREAM = "/live/x";
  private static final String RUNNING = "rtmpt-bridge is running";

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
    Path keystore = keystore(logs.resolve("rtmpt.p12"));
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
                "changeit",
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

  /** An RSA 2048 key and self-signed certificate for CN=localhost, IP 127.0.0.1, by keytool. */
  private static Path keystore(Path file) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try (ExternalProcess p =
        ExternalProcess.start(
            "keytool",
            logs,
            List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "rtmpt",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit"))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.tail());
    }
    return file;
  }

  /** java -jar the WAR, with temporary and data directories of its own under the logs. */
  private static ExternalProcess startWar(
      String name, List<String> args, Map<String, String> environment) throws IOException {
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                war.toString()));
    command.addAll(args);
    // The generated admin password's hash goes here, not into the home directory.
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.putIfAbsent("RTMPT_DATA_DIR", logs.resolve(name + "-data").toString());
    return ExternalProcess.start(name, logs, command, env);
  }

  private static void awaitRunning(ExternalProcess war) throws InterruptedException {
    Await.until(
        war + " printed its banner",
        Duration.ofSeconds(60),
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

  /** SIGTERM (the shutdown hook stops Jetty and deletes the unpacked jars), SIGKILL after 15 s. */
  private static void stop(ExternalProcess p) throws InterruptedException {
    if (p != null) {
      try {
        p.stop(Duration.ofSeconds(15));
      } finally {
        p.close();
      }
    }
  }

  @Test
  @Order(1)
  void theBannerListsTheUrlOfEveryTransport() throws Exception {
    String banner = server.stdout();
    assertTrue(banner.contains("rtmpt://127.0.0.1:" + httpPort + "/live/STREAM"), banner);
    assertTrue(banner.contains("rtmpts://127.0.0.1:" + httpsPort + "/live/STREAM"), banner);
    assertTrue(banner.contains("rtmp://127.0.0.1:" + rtmpPort + "/live/STREAM"), banner);
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
  void environmentVariablesAloneConfigureItAsTheJettyImageDoes() throws Exception {
    int port = Ports.freePort();
    // Dockerfile.jetty: no flags, every option from RTMPT_* variables (host and ports changed
    // to free loopback ones here).
    Map<String, String> environment =
        Map.of(
            "RTMPT_HOST",
            "127.0.0.1",
            "RTMPT_HTTP_PORT",
            "" + port,
            "RTMPT_HTTPS_PORT",
            "0",
            "RTMPT_RTMP_PORT",
            "0",
            "RTMPT_BRIDGE",
            "engine",
            "RTMPT_BACKEND",
            "127.0.0.1:1935",
            "RTMPT_CONTEXT_PATH",
            "/");
    ExternalProcess fromEnvironment = startWar("env-server", List.of(), environment);
    try {
      awaitRunning(fromEnvironment);
      String banner = fromEnvironment.stdout();
      assertTrue(banner.contains("rtmpt://127.0.0.1:" + port + "/live/STREAM"), banner);
      assertFalse(banner.contains("rtmp://"), "RTMPT_RTMP_PORT=0: no RTMP listener\n" + banner);
      assertEquals(0, HealthCheck.run(logs, "healthcheck-env", environment));
    } finally {
      stop(fromEnvironment);
    }
  }

  @Test
  @Order(5)
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
  @Order(6)
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
  @Order(7)
  void aPlayerStaysOnOneConnectionForOverAMinute() throws Exception {
    Player.Outcome outcome = longPlayer.assertPlayedThroughout();
    assertEquals(1, relay.connectionsAccepted(), outcome + ": TCP connections the player opened");
  }
}
