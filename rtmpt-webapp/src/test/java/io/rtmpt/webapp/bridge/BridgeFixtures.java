package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.NginxRtmp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What the backend bridge tests share: the webapp settings, waiting for publishers, checking recordings. */
final class BridgeFixtures {
  /** A 5 s window at 25 fps, of which at least 90 % must arrive. */
  static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private BridgeFixtures() {}

  /** Init parameters of a webapp bridging to {@code backend} (host:port), plus {@code extra} pairs. */
  static Map<String, String> backendSettings(String backend, String... extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put(WebappConfig.BRIDGE, "backend");
    settings.put(WebappConfig.BACKEND, backend);
    for (int i = 0; i + 1 < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    return settings;
  }

  static Map<String, String> backendSettings(NginxRtmp nginx, String... extra) {
    return backendSettings(nginx.hostPort(), extra);
  }

  /**
   * Waits until a publishing ffmpeg has encoded {@code frames} frames: ffmpeg only encodes once
   * the server answered its publish, so the stream is live by then.
   */
  static void awaitFrames(ExternalProcess publisher, int frames) throws InterruptedException {
    Await.until(publisher + " publishing " + frames + " frames", Duration.ofSeconds(20), () -> {
      if (!publisher.isAlive()) {
        throw new AssertionError(publisher + " exited early:\n" + publisher.tail());
      }
      return frames(publisher) >= frames;
    }, publisher::tail);
  }

  /** The last frame count in an ffmpeg's progress output, or -1. */
  static int frames(ExternalProcess ffmpeg) {
    try {
      return Ffmpeg.lastFrameCount(ffmpeg.stderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recording is the test stream: H.264 320x240 and AAC, with at least 90 % of 5 s of frames. */
  static void assertTestStream(String who, Path flv, Path logs) throws Exception {
    Probe probe = Ffmpeg.probe(flv, logs);
    assertEquals("h264", probe.videoCodec(), who + ": " + probe);
    assertEquals(Ffmpeg.WIDTH, probe.width(), who + ": " + probe);
    assertEquals(Ffmpeg.HEIGHT, probe.height(), who + ": " + probe);
    assertEquals("aac", probe.audioCodec(), who + ": " + probe);
    assertTrue(probe.videoFrames() >= MIN_FRAMES_IN_5S,
        who + " got " + probe.videoFrames() + " frames, want >= " + MIN_FRAMES_IN_5S);
  }
}
