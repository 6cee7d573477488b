package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Gstreamer;
import io.rtmpt.engine.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RTMPE with the real librtmp clients against the engine's TCP listener: rtmpdump plays over {@code
 * rtmpe://} what ffmpeg publishes over plain {@code rtmp://}, and GStreamer's rtmpsink (librtmp)
 * publishes over {@code rtmpe://} what ffmpeg plays over plain {@code rtmp://}. A librtmp client
 * given an rtmpe URL sends C0 = 6 and RC4-encrypts everything after the handshake, so a decodable
 * stream in either direction means the server's handshake and cipher are right. Logs and recordings
 * under target/interop/RtmpeInteropTest/.
 */
class RtmpeInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "RtmpeInteropTest");
  private static final StreamKey PLAIN = new StreamKey("live", "from-ffmpeg");
  private static final StreamKey ENCRYPTED = new StreamKey("live", "from-gstreamer");
  private static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private static RtmpEngine engine;
  private static RtmpServer server;
  private static ExternalProcess publisher;

  @BeforeAll
  static void startServerAndPublisher() throws Exception {
    Interop.requireTool("ffmpeg");
    Files.createDirectories(LOGS);
    engine = new RtmpEngine(EngineConfig.defaults());
    server = new RtmpServer(engine, "127.0.0.1", 0).start();
    publisher =
        ExternalProcess.start("ffmpeg-publish", LOGS, Ffmpeg.publish(url("rtmp", PLAIN), 0));
    FfmpegInteropTest.awaitPublishing(engine, PLAIN, publisher);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.stop(Duration.ofSeconds(3));
    }
    if (server != null) {
      server.close();
    }
  }

  private static String url(String scheme, StreamKey key) {
    return scheme + "://127.0.0.1:" + server.port() + "/" + key.app() + "/" + key.name();
  }

  @Test
  void rtmpdumpPlaysOverRtmpeWhatFfmpegPublishesOverRtmp() throws Exception {
    Path flv = LOGS.resolve("rtmpdump-rtmpe.flv");
    Files.deleteIfExists(flv); // a previous run's file would end the wait at once
    try (ExternalProcess dump =
        ExternalProcess.start("rtmpdump-rtmpe", LOGS, Ffmpeg.rtmpdump(url("rtmpe", PLAIN), flv))) {
      awaitFileSize(flv, 150_000, dump);
      assertTrue(dump.isAlive(), "rtmpdump still playing the live stream:\n" + dump.tail());
      dump.stop(Duration.ofSeconds(3));
    }
    Probe dumped = Ffmpeg.probe(flv, LOGS);
    assertEquals("h264", dumped.videoCodec());
    assertEquals(Ffmpeg.WIDTH, dumped.width());
    assertEquals("aac", dumped.audioCodec());
    assertTrue(
        dumped.videoFrames() >= MIN_FRAMES_IN_5S,
        "rtmpdump over rtmpe got " + dumped.videoFrames() + " frames");
  }

  @Test
  void gstreamerPublishesOverRtmpeAndFfmpegPlaysItOverRtmp() throws Exception {
    try (ExternalProcess gst =
        ExternalProcess.start(
            "gst-rtmpe-publish",
            LOGS,
            Gstreamer.publish(url("rtmpe", ENCRYPTED)),
            Map.of("GST_DEBUG", "rtmp:5"))) {
      FfmpegInteropTest.awaitPublishing(engine, ENCRYPTED, gst);
      try (ExternalProcess player =
          ExternalProcess.start("ffmpeg-play", LOGS, Ffmpeg.decode(url("rtmp", ENCRYPTED), 5))) {
        assertEquals(0, player.waitFor(Duration.ofSeconds(40)), player.tail());
        String log = player.stderr();
        assertEquals(List.of(), Ffmpeg.decodeErrors(log), "decoding errors");
        int frames = Ffmpeg.lastFrameCount(log);
        assertTrue(frames >= MIN_FRAMES_IN_5S, "ffmpeg decoded only " + frames + " frames");
      }
      assertTrue(gst.isAlive(), "gst-launch still publishing:\n" + gst.tail());
      gst.stop(Duration.ofSeconds(3));
      String librtmp = gst.stderr(); // librtmp's own log, through GST_DEBUG=rtmp:5
      assertTrue(librtmp.contains("HandShake: Type Answer   : 06"), "an rtmpe handshake");
      assertTrue(librtmp.contains("Genuine Adobe Flash Media Server"), "s2 accepted");
    }
  }

  /** Waits (bounded) until {@code file} holds {@code bytes}, about 5 s of the test stream. */
  private static void awaitFileSize(Path file, long bytes, ExternalProcess writer)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.size(file) >= bytes) {
        return;
      }
      if (!writer.isAlive()) {
        throw new AssertionError(writer + " exited early:\n" + writer.tail());
      }
      Thread.sleep(100);
    }
    throw new AssertionError(file + " still below " + bytes + " bytes:\n" + writer.tail());
  }
}
