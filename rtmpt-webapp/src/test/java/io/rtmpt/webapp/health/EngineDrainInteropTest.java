package io.rtmpt.webapp.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A drain in engine mode with real clients: ffmpeg publishes over native RTMP, one ffmpeg plays
 * through an RTMPT tunnel and one over native RTMP. Once the drain begins, a new tunnel gets 503
 * and a new RTMP connection is closed, while both players go on decoding through the grace period;
 * then they are told (Stream EOF, NetStream.Play.Stop) and end by themselves, exit code 0 and no
 * decoding error, the tunnel with the client's own {@code /close}. Only the publisher, which ffmpeg
 * keeps feeding, is left for the drain to close.
 */
class EngineDrainInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "EngineDrainInteropTest");
  private static final Duration GRACE = Duration.ofSeconds(8);

  private EmbeddedWebapp webapp;
  private ExternalProcess publisher;
  private Player tunnelPlayer;
  private Player rtmpPlayer;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {tunnelPlayer, rtmpPlayer, publisher, webapp}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static int frames(Player player) throws IOException {
    return player.framesSoFar();
  }

  @Test
  void playersGoOnThroughTheGracePeriodThenAreToldAndEndCleanlyByThemselves() throws Exception {
    Interop.requireTool("ffmpeg");
    int rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort),
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.drain-grace-ms",
                String.valueOf(GRACE.toMillis())));
    String rtmp = "rtmp://127.0.0.1:" + rtmpPort + "/live/drain";
    publisher = LiveChecks.startPublisher("publisher", LOGS, rtmp);
    tunnelPlayer = Player.start("rtmpt-player", LOGS, webapp.rtmptUrl("live", "drain"), 120);
    rtmpPlayer = Player.start("rtmp-player", LOGS, rtmp, 120);
    Await.until(
        "both players decode",
        Duration.ofSeconds(30),
        () -> frames(tunnelPlayer) >= 25 && frames(rtmpPlayer) >= 25,
        () -> tunnelPlayer.tail() + "\n" + rtmpPlayer.tail());

    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      Drain drain = webapp.gateway().drain();
      assertTrue(drain.begin("test"));
      int tunnelFrames = frames(tunnelPlayer);
      int rtmpFrames = frames(rtmpPlayer);

      assertEquals(503, openTunnel(), "a new tunnel goes to another node");
      assertThrows(
          IOException.class,
          () -> RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort)).close(),
          "a new RTMP connection is closed before its handshake");

      Await.until(
          "both players decode another second of the stream during the grace period",
          GRACE,
          () -> frames(tunnelPlayer) >= tunnelFrames + 25 && frames(rtmpPlayer) >= rtmpFrames + 25,
          () -> drain.state() + "\n" + tunnelPlayer.tail() + "\n" + rtmpPlayer.tail());
      assertEquals(Drain.State.DRAINING, drain.state(), "still within the grace period");

      for (Player player : List.of(tunnelPlayer, rtmpPlayer)) {
        Player.Outcome outcome = player.await();
        assertEquals(0, outcome.exitCode(), outcome + "\n" + outcome.tail());
        assertEquals(List.of(), outcome.decodeErrors(), outcome.toString());
        assertTrue(
            outcome.ran().compareTo(GRACE) >= 0, outcome + ": it played on until it was told");
      }
      Await.until(
          "the drain is over",
          Drain.FAREWELL.plusSeconds(5),
          () -> drain.state() == Drain.State.DRAINED);
      RtmptStatistics tunnels = webapp.registry().statistics();
      assertEquals(1, tunnels.sessionsClosed().get(RtmptCloseReason.CLIENT_CLOSE), "" + tunnels);
      assertEquals(0, tunnels.sessionsClosed().get(RtmptCloseReason.DRAIN), "" + tunnels);
      assertTrue(
          log.messages().stream().anyMatch(m -> m.contains(": drain: closed the 1 session(s)")),
          "only the publisher was left to close: " + log.messages());
    }
    Await.until("the publisher is cut off", Duration.ofSeconds(30), () -> !publisher.isAlive());
  }

  private int openTunnel() throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(webapp.httpBase() + "/open/1"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }
}
