package io.rtmpt.webapp.bridge;

import static io.rtmpt.webapp.bridge.BridgeFixtures.RECORD_SECONDS;
import static io.rtmpt.webapp.bridge.BridgeFixtures.assertTestStream;
import static io.rtmpt.webapp.bridge.BridgeFixtures.awaitFrames;
import static io.rtmpt.webapp.bridge.BridgeFixtures.backendSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.TunnelLink;
import io.rtmpt.webapp.tunnel.RtmptCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend bridge in front of a real nginx-rtmp, with real clients: what ffmpeg publishes over
 * {@code rtmpt://} through the bridge plays over {@code rtmpt://} (through the bridge again) and
 * over {@code rtmp://} straight from nginx, with ffmpeg and rtmpdump; and what ffmpeg publishes
 * straight to nginx plays over {@code rtmpt://}; and frames the scripted client over a {@link
 * TunnelLink} publishes through the bridge reach an RTMP player of nginx unchanged. Each recording
 * must hold at least 90 % of the frames of the 5 s after its first keyframe. Logs and recordings:
 * target/interop/BackendBridgeInteropTest/.
 */
class BackendBridgeInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "BackendBridgeInteropTest");

  private static NginxRtmp nginx;
  private static EmbeddedWebapp webapp;
  private static ExternalProcess tunnelPublisher;
  private static ExternalProcess directPublisher;

  @BeforeAll
  static void startNginxWebappAndPublishers() throws Exception {
    Interop.requireTool("ffmpeg");
    Files.createDirectories(LOGS);
    nginx = NginxRtmp.start(LOGS.resolve("nginx"));
    webapp = EmbeddedWebapp.start(backendSettings(nginx));
    tunnelPublisher =
        ExternalProcess.start(
            "publish-rtmpt", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", "via-tunnel"), 0));
    directPublisher =
        ExternalProcess.start(
            "publish-rtmp", LOGS, Ffmpeg.publish(nginx.rtmpUrl("live", "direct"), 0));
    awaitFrames(tunnelPublisher, 2 * Ffmpeg.FPS);
    awaitFrames(directPublisher, 2 * Ffmpeg.FPS);
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (ExternalProcess publisher : new ExternalProcess[] {tunnelPublisher, directPublisher}) {
      if (publisher != null) {
        publisher.stop(Duration.ofSeconds(3));
      }
    }
    if (webapp != null) {
      webapp.close();
    }
    if (nginx != null) {
      nginx.stop();
    }
  }

  @Test
  void whatFfmpegPublishesOverRtmptPlaysOverRtmptAndStraightFromNginx() throws Exception {
    String tunnelled = webapp.rtmptUrl("live", "via-tunnel");
    String direct = nginx.rtmpUrl("live", "via-tunnel");
    Path ffmpegRtmpt = LOGS.resolve("ffmpeg-rtmpt-play.flv");
    Path ffmpegRtmp = LOGS.resolve("ffmpeg-rtmp-play.flv");
    Path dumpRtmpt = LOGS.resolve("rtmpdump-rtmpt-play.flv");
    Path dumpRtmp = LOGS.resolve("rtmpdump-rtmp-play.flv");
    long sendsBefore = webapp.registry().statistics().requests().get(RtmptCommand.SEND);
    try (ExternalProcess ffmpegT =
            ExternalProcess.start(
                "ffmpeg-rtmpt-play", LOGS, Ffmpeg.record(tunnelled, RECORD_SECONDS, ffmpegRtmpt));
        ExternalProcess ffmpegD =
            ExternalProcess.start(
                "ffmpeg-rtmp-play", LOGS, Ffmpeg.record(direct, RECORD_SECONDS, ffmpegRtmp));
        ExternalProcess dumpT =
            ExternalProcess.start(
                "rtmpdump-rtmpt-play", LOGS, Ffmpeg.rtmpdump(tunnelled, dumpRtmpt));
        ExternalProcess dumpD =
            ExternalProcess.start("rtmpdump-rtmp-play", LOGS, Ffmpeg.rtmpdump(direct, dumpRtmp))) {
      assertEquals(0, ffmpegT.waitFor(Duration.ofSeconds(30)), ffmpegT.tail());
      assertEquals(0, ffmpegD.waitFor(Duration.ofSeconds(30)), ffmpegD.tail());
      // The rtmpdumps started with the ffmpegs and play a live stream that never ends: still
      // running now, with as much as the ffmpegs got.
      assertTrue(dumpT.isAlive(), "rtmpdump over rtmpt ended early:\n" + dumpT.tail());
      assertTrue(dumpD.isAlive(), "rtmpdump over rtmp ended early:\n" + dumpD.tail());
      dumpT.stop(Duration.ofSeconds(3));
      dumpD.stop(Duration.ofSeconds(3));
    }
    assertTrue(
        tunnelPublisher.isAlive(),
        "the rtmpt publisher kept publishing:\n" + tunnelPublisher.tail());
    assertTrue(
        webapp.registry().statistics().requests().get(RtmptCommand.SEND) > sendsBefore,
        "the rtmpt players went through the bridge");
    assertTestStream("ffmpeg over rtmpt", ffmpegRtmpt, LOGS);
    assertTestStream("ffmpeg over rtmp", ffmpegRtmp, LOGS);
    assertTestStream("rtmpdump over rtmpt", dumpRtmpt, LOGS);
    assertTestStream("rtmpdump over rtmp", dumpRtmp, LOGS);
  }

  @Test
  void theScriptedRtmptClientPublishesThroughTheBridgeByteForByte() throws Exception {
    RtmpScript<TunnelLink> publisher = TunnelLink.connect(webapp.httpBase());
    assertEquals("_result", publisher.connectApp("live").name());
    int streamId = publisher.createStream();
    CommandMessage started = publisher.publish(streamId, "scripted");
    assertEquals("NetStream.Publish.Start", RtmpScript.statusCode(started), started.toString());

    try (RtmpScript<SocketLink> player =
        RtmpScript.start(SocketLink.connect("127.0.0.1", nginx.port()))) {
      assertEquals("_result", player.connectApp("live").name());
      player.play(player.createStream(), "scripted");
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] frame = new byte[1000 + 300 * i];
        new Random(i).nextBytes(frame);
        frame[0] = 0x17; // AVC keyframe
        frame[1] = 0x01; // NAL units
        sent.add(frame);
        publisher.send(new VideoData(frame), 6, streamId, 40L * i);
      }
      List<byte[]> received = new ArrayList<>();
      while (received.size() < sent.size()) {
        RawMessage message = player.next(Duration.ofSeconds(5));
        if (message == null) {
          break;
        }
        if (message.messageTypeId() == 9) {
          received.add(message.payload());
        }
      }
      assertEquals(sent.size(), received.size(), "video messages nginx relayed from the tunnel");
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i), received.get(i), "frame " + i);
      }
    }
    assertTrue(publisher.link().requests() > 20, publisher.link().toString());
    assertEquals(200, publisher.link().closeTunnel());
  }

  @Test
  void whatFfmpegPublishesStraightToNginxPlaysOverRtmpt() throws Exception {
    String tunnelled = webapp.rtmptUrl("live", "direct");
    Path ffmpegRtmpt = LOGS.resolve("ffmpeg-rtmpt-play-direct.flv");
    Path dumpRtmpt = LOGS.resolve("rtmpdump-rtmpt-play-direct.flv");
    try (ExternalProcess ffmpegT =
            ExternalProcess.start(
                "ffmpeg-rtmpt-play-direct",
                LOGS,
                Ffmpeg.record(tunnelled, RECORD_SECONDS, ffmpegRtmpt));
        ExternalProcess dumpT =
            ExternalProcess.start(
                "rtmpdump-rtmpt-play-direct", LOGS, Ffmpeg.rtmpdump(tunnelled, dumpRtmpt))) {
      assertEquals(0, ffmpegT.waitFor(Duration.ofSeconds(30)), ffmpegT.tail());
      assertTrue(dumpT.isAlive(), "rtmpdump over rtmpt ended early:\n" + dumpT.tail());
      dumpT.stop(Duration.ofSeconds(3));
    }
    assertTrue(
        directPublisher.isAlive(),
        "the rtmp publisher kept publishing:\n" + directPublisher.tail());
    assertTestStream("ffmpeg over rtmpt", ffmpegRtmpt, LOGS);
    assertTestStream("rtmpdump over rtmpt", dumpRtmpt, LOGS);
  }
}
