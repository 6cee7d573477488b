package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the real listener: ffmpeg publishes a generated H.264/AAC stream over
 * rtmp://, ffmpeg and rtmpdump play it. Logs and recordings are kept under target/interop/.
 */
class FfmpegInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "FfmpegInteropTest");
  private static final StreamKey KEY = new StreamKey("live", "interop");

  /** A 5 s window at 25 fps, of which at least 90 % must arrive. */
  private static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private static RtmpEngine engine;
  private static RtmpServer server;
  private static ExternalProcess publisher;
  private static String url;

  @BeforeAll
  static void startServerAndPublisher() throws Exception {
    Interop.requireTool("ffmpeg");
    Files.createDirectories(LOGS);
    engine = new RtmpEngine(EngineConfig.defaults());
    server = new RtmpServer(engine, "127.0.0.1", 0).start();
    url = "rtmp://127.0.0.1:" + server.port() + "/" + KEY.app() + "/" + KEY.name();
    publisher = ExternalProcess.start("publisher", LOGS, Ffmpeg.publish(url, 0));
    awaitPublishing(engine, KEY, publisher);
  }

  /** Waits until the stream is live and has at least one group of pictures. */
  static void awaitPublishing(RtmpEngine engine, StreamKey key, ExternalProcess publisher)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      LiveStream stream = engine.streams().get(key);
      if (stream != null && stream.snapshot().publishing() && stream.snapshot().frames() > 60) {
        return;
      }
      if (!publisher.isAlive()) {
        throw new AssertionError("publisher exited early:\n" + publisher.tail());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("stream " + key + " not live after 20 s:\n" + publisher.tail());
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

  @Test
  void ffmpegAndRtmpdumpPlayWhatFfmpegPublishes() throws Exception {
    Path ffmpegFlv = LOGS.resolve("ffmpeg-play.flv");
    Path rtmpdumpFlv = LOGS.resolve("rtmpdump-play.flv");
    try (ExternalProcess player =
            ExternalProcess.start("ffmpeg-play", LOGS, Ffmpeg.record(url, 5, ffmpegFlv));
        ExternalProcess dump =
            ExternalProcess.start("rtmpdump-play", LOGS, Ffmpeg.rtmpdump(url, rtmpdumpFlv))) {
      assertEquals(0, player.waitFor(Duration.ofSeconds(30)), player.tail());
      Thread.sleep(1000);
      assertTrue(dump.isAlive(), "rtmpdump still playing the live stream:\n" + dump.tail());
      dump.stop(Duration.ofSeconds(3));
    }
    Probe played = Ffmpeg.probe(ffmpegFlv, LOGS);
    assertEquals("h264", played.videoCodec());
    assertEquals(Ffmpeg.WIDTH, played.width());
    assertEquals(Ffmpeg.HEIGHT, played.height());
    assertEquals("aac", played.audioCodec());
    assertTrue(
        played.videoFrames() >= MIN_FRAMES_IN_5S,
        "ffmpeg got " + played.videoFrames() + " frames in 5 s, want >= " + MIN_FRAMES_IN_5S);

    Probe dumped = Ffmpeg.probe(rtmpdumpFlv, LOGS);
    assertEquals("h264", dumped.videoCodec());
    assertEquals(Ffmpeg.WIDTH, dumped.width());
    assertEquals(Ffmpeg.HEIGHT, dumped.height());
    assertEquals("aac", dumped.audioCodec());
    assertTrue(
        dumped.videoFrames() >= MIN_FRAMES_IN_5S,
        "rtmpdump got " + dumped.videoFrames() + " frames in ~6 s");
  }

  @Test
  void threeConcurrentPlayersAndALateJoinerAllDecodeWithoutErrors() throws Exception {
    List<ExternalProcess> players = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        players.add(ExternalProcess.start("player-" + i, LOGS, Ffmpeg.decode(url, 6)));
      }
      Thread.sleep(3000);
      players.add(ExternalProcess.start("late-player", LOGS, Ffmpeg.decode(url, 5)));
      for (ExternalProcess p : players) {
        assertEquals(0, p.waitFor(Duration.ofSeconds(40)), p + ":\n" + p.tail());
        String log = p.stderr();
        assertEquals(List.of(), Ffmpeg.decodeErrors(log), p + " reported decoding errors");
        int frames = Ffmpeg.lastFrameCount(log);
        assertTrue(frames >= MIN_FRAMES_IN_5S, p + " decoded only " + frames + " frames");
      }
    } finally {
      for (ExternalProcess p : players) {
        p.close();
      }
    }
  }
}
