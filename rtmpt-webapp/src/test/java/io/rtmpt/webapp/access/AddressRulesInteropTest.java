package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.session.StreamGate.Action;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Address rules with real clients (issue 10, done-when 3), IPv4 against IPv6 on loopback: the
 * native listener listens on both; publishing is allowed from 127.0.0.1 only, playing is denied to
 * ::1; in the application {@code studio} publishing is denied to 127.0.0.0/8, which an RTMPT
 * publisher meets.
 */
class AddressRulesInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "AddressRulesInteropTest");
  private static final String V6 = "0:0:0:0:0:0:0:1";

  private static EmbeddedWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.rtmp-host", "::",
                "rtmpt.rtmp-port", String.valueOf(rtmpPort),
                "rtmpt.access.publish-allow", "127.0.0.1/32",
                "rtmpt.access.play-deny", "::1/128",
                "rtmpt.access.studio.publish-deny", "127.0.0.0/8"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static String v4(String app, String name) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + name;
  }

  private static String v6(String app, String name) {
    return "rtmp://[::1]:" + rtmpPort + "/" + app + "/" + name;
  }

  @Test
  void publishAndPlayRulesHoldForIpv4AndIpv6() throws Exception {
    try (ExternalProcess publisher =
            LiveChecks.startPublisher("publish-v4", LOGS, v4("live", "cidr"));
        Player player = Player.start("play-v4", LOGS, v4("live", "cidr"), 8)) {
      refused(
          "publish-v6",
          Ffmpeg.publish(v6("live", "cidr6"), 5),
          Action.PUBLISH,
          "publishing from " + V6 + " is not allowed");
      refused(
          "play-v6",
          Ffmpeg.decode(v6("live", "cidr"), 5),
          Action.PLAY,
          "playing from " + V6 + " is not allowed");
      refused(
          "publish-rtmpt-studio",
          Ffmpeg.publish(webapp.rtmptUrl("studio", "cam"), 5),
          Action.PUBLISH,
          "publishing from 127.0.0.1 is not allowed");
      player.assertPlayedThroughout();
      assertTrue(publisher.isAlive(), publisher.tail());
    }
    assertEquals(2, webapp.gateway().access().counters().refused(Action.PUBLISH, Refusal.ADDRESS));
  }

  private static void refused(String name, List<String> command, Action action, String why)
      throws Exception {
    long before = webapp.gateway().access().counters().refused(action, Refusal.ADDRESS);
    try (ExternalProcess ffmpeg = ExternalProcess.start(name, LOGS, command)) {
      assertNotEquals(0, ffmpeg.waitFor(Duration.ofSeconds(30)), ffmpeg.tail());
      assertTrue(ffmpeg.stderr().contains("Server error: " + why), ffmpeg.tail());
    }
    assertEquals(before + 1, webapp.gateway().access().counters().refused(action, Refusal.ADDRESS));
  }
}
