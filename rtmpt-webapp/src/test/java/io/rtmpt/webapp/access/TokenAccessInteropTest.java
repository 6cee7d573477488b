package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.session.StreamGate.Action;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TunnelLink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed stream URLs with real clients (issue 10, done-when 1): ffmpeg publishes with a valid token
 * over rtmp and rtmpt (one made with the previous secret, for rotation) and plays with valid play
 * tokens over both, while an expired token, a token for another stream, a publish token used to
 * play, a tampered token and no token are refused, ffmpeg exiting with an error and the reason; a
 * player of a valid stream decodes cleanly all the while. The status codes on the wire are checked
 * with the scripted client over rtmp and rtmpt.
 */
class TokenAccessInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "TokenAccessInteropTest");
  private static final String SECRET = "current-secret-of-the-token-test";
  private static final String PREVIOUS = "previous-secret-of-the-token-test";

  private static EmbeddedWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort),
                "rtmpt.access.publish",
                "token",
                "rtmpt.access.play",
                "token",
                "rtmpt.access.token-secret",
                SECRET,
                "rtmpt.access.token-secret-previous",
                PREVIOUS));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static String token(String action, String name, String secret, long expires) {
    return StreamTokens.mint(secret, action, "live", name, expires);
  }

  private static String valid(String action, String name) {
    return token(action, name, SECRET, Instant.now().getEpochSecond() + 600);
  }

  private static String rtmp(String name, String token) {
    return "rtmp://127.0.0.1:"
        + rtmpPort
        + "/live/"
        + name
        + (token == null ? "" : "?token=" + token);
  }

  private static String rtmpt(String name, String token) {
    return webapp.rtmptUrl("live", name) + (token == null ? "" : "?token=" + token);
  }

  private static AccessCounters counters() {
    return webapp.gateway().access().counters();
  }

  @Test
  void validTokensPublishAndPlayOverRtmpAndRtmptAndBadOnesAreRefused() throws Exception {
    long previousSecret = Instant.now().getEpochSecond() + 600;
    try (ExternalProcess main =
            LiveChecks.startPublisher(
                "publish-main-rtmp", LOGS, rtmp("main", valid("publish", "main")));
        ExternalProcess second =
            LiveChecks.startPublisher(
                "publish-second-rtmpt",
                LOGS,
                rtmpt("second", token("publish", "second", PREVIOUS, previousSecret)));
        Player player =
            Player.start("play-main-rtmpt", LOGS, rtmpt("main", valid("play", "main")), 25);
        Recording recording =
            Recording.start("play-second-rtmp", LOGS, rtmp("second", valid("play", "second")))) {
      long expired = Instant.now().getEpochSecond() - 10;
      String publishMain = valid("publish", "main");
      String tampered =
          publishMain.substring(0, publishMain.length() - 2)
              + (publishMain.endsWith("AA") ? "BB" : "AA");

      refused(
          "publish-expired-rtmpt",
          Ffmpeg.publish(rtmpt("third", token("publish", "third", SECRET, expired)), 5),
          Action.PUBLISH,
          Refusal.EXPIRED_TOKEN,
          "the token for live/third has expired");
      refused(
          "play-token-of-another-stream-rtmp",
          Ffmpeg.decode(rtmp("main", valid("play", "second")), 5),
          Action.PLAY,
          Refusal.INVALID_TOKEN,
          "the token is not valid for play live/main");
      refused(
          "play-with-a-publish-token-rtmpt",
          Ffmpeg.decode(rtmpt("main", publishMain), 5),
          Action.PLAY,
          Refusal.WRONG_ACTION_TOKEN,
          "the token for live/main is a publish token");
      refused(
          "publish-tampered-rtmp",
          Ffmpeg.publish(rtmp("main", tampered), 5),
          Action.PUBLISH,
          Refusal.INVALID_TOKEN,
          "the token is not valid for publish live/main");
      refused(
          "publish-without-token-rtmpt",
          Ffmpeg.publish(rtmpt("third", null), 5),
          Action.PUBLISH,
          Refusal.NO_TOKEN,
          "publishing live/third needs a token (?token=...)");
      refused(
          "play-without-token-rtmp",
          Ffmpeg.decode(rtmp("main", null), 5),
          Action.PLAY,
          Refusal.NO_TOKEN,
          "playing live/main needs a token (?token=...)");

      recording.assertPlayedBackAsPublished();
      player.assertPlayedThroughout();
      assertTrue(main.isAlive(), main.tail());
      assertTrue(second.isAlive(), second.tail());
    }
  }

  /** ffmpeg is refused: exits with an error, says why, and the refusal is counted. */
  private static void refused(
      String name, List<String> command, Action action, Refusal reason, String description)
      throws Exception {
    long before = counters().refused(action, reason);
    try (ExternalProcess ffmpeg = ExternalProcess.start(name, LOGS, command)) {
      int exit = ffmpeg.waitFor(Duration.ofSeconds(30));
      assertNotEquals(0, exit, name + " exits with an error:\n" + ffmpeg.tail());
      assertTrue(
          ffmpeg.stderr().contains("Server error: " + description),
          name + " says why:\n" + ffmpeg.tail());
    }
    assertEquals(before + 1, counters().refused(action, reason), name + " counted as " + reason);
  }

  @Test
  void refusalsAreTheStatusCodesClientsUnderstandThenTheConnectionCloses() throws Exception {
    try (RtmpScript<SocketLink> client =
        RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort))) {
      client.connectApp("live");
      int stream = client.createStream();
      CommandMessage status = client.publish(stream, "cam?token=1.x");
      assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(status));
      assertEquals("error", ((Map<?, ?>) status.argument(0)).get("level"));
      assertEquals(
          "the token is not valid for publish live/cam",
          ((Map<?, ?>) status.argument(0)).get("description"));
      assertTrue(client.awaitClosed(Duration.ofSeconds(10)));
    }
    try (RtmpScript<TunnelLink> client = TunnelLink.connect(webapp.httpBase())) {
      client.connectApp("live");
      int stream = client.createStream();
      client.invoke(stream, "play", null, "cam", -2.0, -1.0, true);
      CommandMessage status = client.awaitCommand(c -> c.name().equals("onStatus"));
      assertEquals("NetStream.Play.Failed", RtmpScript.statusCode(status));
      assertEquals(
          "playing live/cam needs a token (?token=...)",
          ((Map<?, ?>) status.argument(0)).get("description"));
      assertTrue(client.awaitClosed(Duration.ofSeconds(10)), "the tunnel ends");
    }
  }
}
