package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How {@code java -jar rtmpt-bridge.war} fails and stops, as README.md documents (issue 9, item 5):
 * a user's mistake gives one line naming the port, flag or setting, without a stack trace, and the
 * documented exit code (2 for a bad flag or setting, 1 when it cannot start); SIGTERM logs the end
 * of every session it ends.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExecutableWarStartStopIT {
  private static final String RUNNING = "rtmpt-bridge is running";
  private static final String PASSWORD = "a long enough password";
  private static final Pattern TUNNEL_CLOSED =
      Pattern.compile("RTMPT session (\\w+) closed \\((\\w+)\\)");

  private static Path logs;
  private static Path war;

  @BeforeAll
  static void findTheWar() {
    war = PackagedWar.war();
    logs = PackagedWar.freshLogDirectory(ExecutableWarStartStopIT.class);
  }

  private static ExternalProcess startWar(String name, List<String> args, Map<String, String> env)
      throws IOException {
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                war.toString(),
                "--host",
                "127.0.0.1"));
    command.addAll(args);
    Map<String, String> environment = new HashMap<>(env);
    environment.put("RTMPT_DATA_DIR", logs.resolve(name + "-data").toString());
    return ExternalProcess.start(name, logs, command, environment);
  }

  /** The lines of stderr that are not Jetty's or the application's INFO lines. */
  private static List<String> problems(ExternalProcess process) throws IOException {
    return process.stderr().lines().filter(l -> !l.isBlank() && !l.contains(" INFO ")).toList();
  }

  private static void assertOneLineWithoutStackTrace(List<String> lines, String... words) {
    assertEquals(1, lines.size(), "one line: " + lines);
    for (String word : words) {
      assertTrue(lines.get(0).contains(word), "'" + word + "' in: " + lines.get(0));
    }
    assertTrue(!lines.get(0).contains("Exception"), "no exception: " + lines.get(0));
  }

  @Test
  void aTakenHttpPortIsOneLineNamingItAndExits1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ExternalProcess process =
            startWar(
                "taken-http-port",
                List.of(
                    "--http-port",
                    "" + taken.getLocalPort(),
                    "--rtmp-port",
                    "0",
                    "--admin-password",
                    PASSWORD),
                Map.of())) {
      assertEquals(1, process.waitFor(Duration.ofSeconds(60)), process.tail());
      assertOneLineWithoutStackTrace(
          problems(process),
          "rtmpt-bridge: cannot listen on 127.0.0.1:" + taken.getLocalPort(),
          "--http-port",
          "Address already in use");
    }
  }

  @Test
  void aTakenRtmpPortIsOneLineNamingItAndExits1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ExternalProcess process =
            startWar(
                "taken-rtmp-port",
                List.of(
                    "--http-port",
                    "" + Ports.freePort(),
                    "--rtmp-port",
                    "" + taken.getLocalPort(),
                    "--admin-password",
                    PASSWORD),
                Map.of())) {
      assertEquals(1, process.waitFor(Duration.ofSeconds(60)), process.tail());
      assertOneLineWithoutStackTrace(
          problems(process),
          "rtmpt-bridge: the native RTMP listener",
          "--rtmp-port",
          "cannot listen on 127.0.0.1:" + taken.getLocalPort(),
          "Address already in use");
    }
  }

  @Test
  void aBadSettingIsOneLineNamingItAndExits2() throws Exception {
    try (ExternalProcess process =
        startWar(
            "bad-setting",
            List.of(
                "--http-port",
                "" + Ports.freePort(),
                "--rtmp-port",
                "0",
                "--admin-password",
                PASSWORD),
            Map.of("RTMPT_IDLE_HOLD_MS", "abc"))) {
      assertEquals(2, process.waitFor(Duration.ofSeconds(60)), process.tail());
      assertOneLineWithoutStackTrace(
          problems(process),
          "rtmpt-bridge: rtmpt.idle-hold-ms from environment variable RTMPT_IDLE_HOLD_MS: 'abc' is"
              + " not a number");
    }
  }

  @Test
  void aShortAdminPasswordIsABadValueAndExits2() throws Exception {
    try (ExternalProcess process =
        startWar(
            "short-password",
            List.of("--http-port", "" + Ports.freePort(), "--admin-password", "short"),
            Map.of())) {
      assertEquals(2, process.waitFor(Duration.ofSeconds(60)), process.tail());
      assertOneLineWithoutStackTrace(
          problems(process), "--admin-password", "at least 8 characters");
    }
  }

  @Test
  void sigtermLogsTheEndOfEverySessionItEnds() throws Exception {
    Interop.requireTool("ffmpeg");
    int http = Ports.freePort();
    int rtmp;
    do {
      rtmp = Ports.freePort();
    } while (rtmp == http);
    try (ExternalProcess server =
        startWar(
            "sigterm",
            List.of(
                "--http-port",
                "" + http,
                "--rtmp-port",
                "" + rtmp,
                "--admin-password",
                PASSWORD,
                // SIGTERM drains first (ScaleOutDrainIT tests that): a short grace here, so
                // that the stop ends within its bound and this test sees the sessions' ends
                "--drain-grace-ms",
                "1000"),
            Map.of())) {
      Await.until(
          "the banner",
          Duration.ofSeconds(60),
          () -> server.stdout().contains(RUNNING),
          server::isAlive,
          server::tail);
      try (ExternalProcess publisher =
              ExternalProcess.start(
                  "sigterm-publisher",
                  logs,
                  Ffmpeg.publish("rtmpt://127.0.0.1:" + http + "/live/stop", 0));
          ExternalProcess player =
              ExternalProcess.start(
                  "sigterm-player",
                  logs,
                  Ffmpeg.decode("rtmp://127.0.0.1:" + rtmp + "/live/stop", 60))) {
        Await.until(
            "the publisher's tunnel and the player are in",
            Duration.ofSeconds(30),
            () -> server.stderr().contains("playing live/stop"),
            server::isAlive,
            server::tail);

        server.stop(Duration.ofSeconds(20));
        assertEquals(143, server.waitFor(Duration.ofSeconds(5)), "SIGTERM's exit status");
      }
      String log = server.stderr();
      Matcher tunnel = TUNNEL_CLOSED.matcher(log);
      assertTrue(tunnel.find(), "a line for the publisher's tunnel:\n" + log);
      // SIGTERM drains: the sessions are told their streams stopped, then closed (issue 12)
      assertEquals("DRAIN", tunnel.group(2), tunnel.group());
      assertTrue(
          log.lines().anyMatch(l -> l.contains("rtmpt ") && l.contains(": closed (tunnel closed)")),
          "the tunnel's engine session:\n" + log);
      assertTrue(
          log.lines()
              .anyMatch(
                  l ->
                      l.contains("rtmp 127.0.0.1:")
                          && l.contains("stopped playing live/stop (server draining)")),
          "the RTMP player is told:\n" + log);
      assertTrue(
          log.lines().anyMatch(l -> l.contains("rtmp 127.0.0.1:") && l.contains(": closed (")),
          "a line for the RTMP player's session's end:\n" + log);
      assertTrue(log.contains("rtmpt-bridge stopped"), log);
    }
  }
}
