package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Gstreamer;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RTMPTE (RTMPE inside the RTMPT tunnel) with librtmp clients against the in-process engine: the
 * tunnel moves the encrypted bytes untouched and the engine session decrypts them, so no webapp
 * code knows about RTMPE. rtmpdump plays over {@code rtmpte://} what ffmpeg publishes over {@code
 * rtmp://}; GStreamer's rtmpsink publishes over {@code rtmpte://} what ffmpeg plays over {@code
 * rtmp://}. Logs under target/interop/EngineRtmpteInteropTest/.
 */
class EngineRtmpteInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "EngineRtmpteInteropTest");
  private static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private static EmbeddedWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Files.createDirectories(LOGS);
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of("rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  private static String rtmpteUrl(String stream) {
    return webapp.rtmptUrl("live", stream).replaceFirst("^rtmpt:", "rtmpte:");
  }

  @Test
  void rtmpdumpPlaysOverRtmpteWhatFfmpegPublishesOverRtmp() throws Exception {
    String stream = "to-rtmpte";
    Path flv = LOGS.resolve("rtmpdump-rtmpte.flv");
    Files.deleteIfExists(flv);
    try (ExternalProcess publisher =
        ExternalProcess.start("ffmpeg-publish-rtmp", LOGS, Ffmpeg.publish(rtmpUrl(stream), 0))) {
      awaitLive(stream, publisher);
      try (ExternalProcess dump =
          ExternalProcess.start("rtmpdump-rtmpte", LOGS, Ffmpeg.rtmpdump(rtmpteUrl(stream), flv))) {
        awaitFileSize(flv, 150_000, dump);
        assertTrue(dump.isAlive(), "rtmpdump still playing:\n" + dump.tail());
        dump.close(); // SIGKILL: librtmp in its idle loop ignores SIGTERM (rtmpt-protocol.md 2.3)
      }
    }
    Probe probe = Ffmpeg.probe(flv, LOGS);
    assertEquals("h264", probe.videoCodec());
    assertEquals(Ffmpeg.WIDTH, probe.width());
    assertEquals("aac", probe.audioCodec());
    assertTrue(
        probe.videoFrames() >= 2 * Ffmpeg.FPS,
        "rtmpdump over rtmpte got " + probe.videoFrames() + " frames");
  }

  @Test
  void gstreamerPublishesOverRtmpteAndFfmpegPlaysItOverRtmp() throws Exception {
    String stream = "from-rtmpte";
    try (ExternalProcess gst =
        ExternalProcess.start(
            "gst-rtmpte-publish",
            LOGS,
            Gstreamer.publish(rtmpteUrl(stream)),
            Map.of("GST_DEBUG", "rtmp:5"))) {
      awaitLive(stream, gst);
      try (ExternalProcess player =
          ExternalProcess.start("ffmpeg-play-rtmp", LOGS, Ffmpeg.decode(rtmpUrl(stream), 5))) {
        assertEquals(0, player.waitFor(Duration.ofSeconds(40)), player.tail());
        String log = player.stderr();
        assertEquals(List.of(), Ffmpeg.decodeErrors(log), "decoding errors");
        int frames = Ffmpeg.lastFrameCount(log);
        assertTrue(frames >= MIN_FRAMES_IN_5S, "ffmpeg decoded only " + frames + " frames");
      }
      assertTrue(gst.isAlive(), "gst-launch still publishing:\n" + gst.tail());
      gst.close();
      String librtmp = gst.stderr();
      assertTrue(librtmp.contains("HandShake: Type Answer   : 06"), "an rtmpe handshake");
      assertTrue(librtmp.contains("Genuine Adobe Flash Media Server"), "s2 accepted");
    }
  }

  private static void awaitLive(String stream, ExternalProcess publisher) throws Exception {
    StreamKey key = new StreamKey("live", stream);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      LiveStream live = webapp.engine().streams().get(key);
      if (live != null && live.snapshot().publishing() && live.snapshot().frames() > 60) {
        return;
      }
      if (!publisher.isAlive()) {
        throw new AssertionError("publisher exited:\n" + publisher.tail());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(key + " not live after 30 s:\n" + publisher.tail());
  }

  private static void awaitFileSize(Path file, long bytes, ExternalProcess writer)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
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
