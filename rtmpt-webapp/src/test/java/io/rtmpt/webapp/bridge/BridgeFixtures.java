package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.NginxRtmp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the backend bridge tests share: the webapp settings, waiting for publishers, checking
 * recordings.
 */
final class BridgeFixtures {
  /** The window in which frames are counted, from a recording's first keyframe. */
  static final Duration WINDOW = Duration.ofSeconds(5);

  /** Of the window's frames at 25 fps, at least 90 % must arrive. */
  static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  /**
   * How long players record: nginx-rtmp has no GOP cache, so a player joins anywhere in a 1 s group
   * of pictures and its recording starts at the next keyframe (ffmpeg's stream copy drops what
   * comes before); 7 s always hold a full window after it.
   */
  static final int RECORD_SECONDS = 7;

  private BridgeFixtures() {}

  /**
   * Init parameters of a webapp bridging to {@code backend} (host:port), plus {@code extra} pairs.
   */
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
   * Waits until a publishing ffmpeg has encoded {@code frames} frames: ffmpeg only encodes once the
   * server answered its publish, so the stream is live by then.
   */
  static void awaitFrames(ExternalProcess publisher, int frames) throws InterruptedException {
    Await.until(
        publisher + " publishing " + frames + " frames",
        Duration.ofSeconds(20),
        () -> {
          if (!publisher.isAlive()) {
            throw new AssertionError(publisher + " exited early:\n" + publisher.tail());
          }
          return frames(publisher) >= frames;
        },
        publisher::tail);
  }

  /** The last frame count in an ffmpeg's progress output, or -1. */
  static int frames(ExternalProcess ffmpeg) {
    try {
      return Ffmpeg.lastFrameCount(ffmpeg.stderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recording is the test stream: H.264 320x240 and AAC, and of the 5 s from its first keyframe
   * at least 90 % of the frames are there (and decode: ffprobe counts decoded frames).
   */
  static void assertTestStream(String who, Path flv, Path logs) throws Exception {
    Probe probe = Ffmpeg.probe(flv, logs);
    assertEquals("h264", probe.videoCodec(), who + ": " + probe);
    assertEquals(Ffmpeg.WIDTH, probe.width(), who + ": " + probe);
    assertEquals(Ffmpeg.HEIGHT, probe.height(), who + ": " + probe);
    assertEquals("aac", probe.audioCodec(), who + ": " + probe);
    assertTrue(
        probe.videoFrames() >= MIN_FRAMES_IN_5S,
        who + " decoded " + probe.videoFrames() + " frames in all, want >= " + MIN_FRAMES_IN_5S);
    Window window = videoFramesInWindow(flv, logs);
    assertTrue(
        window.frames() >= MIN_FRAMES_IN_5S,
        who
            + " got "
            + window
            + ", want >= "
            + MIN_FRAMES_IN_5S
            + " frames in "
            + WINDOW
            + " from the first keyframe");
  }

  /**
   * Video frames with timestamps in [first keyframe, first keyframe + 5 s), and the recording's
   * span.
   */
  record Window(int frames, double firstKeyframe, double lastTimestamp) {}

  static Window videoFramesInWindow(Path flv, Path logs) throws IOException, InterruptedException {
    String ffprobe = Interop.requireTool("ffprobe").toString();
    String packets;
    try (ExternalProcess p =
        ExternalProcess.start(
            "ffprobe-packets-" + flv.getFileName(),
            logs,
            List.of(
                ffprobe,
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "packet=pts_time,flags",
                "-of",
                "csv=p=0",
                flv.toString()))) {
      p.waitFor(Duration.ofSeconds(30));
      packets = p.stdout();
    }
    double start = Double.NaN;
    double last = Double.NaN;
    int frames = 0;
    double window = WINDOW.toMillis() / 1000.0;
    for (String line : packets.split("\n")) {
      String[] fields = line.trim().split(",");
      if (fields.length < 2 || fields[0].isEmpty() || "N/A".equals(fields[0])) {
        continue;
      }
      double pts = Double.parseDouble(fields[0]);
      last = pts;
      if (Double.isNaN(start) && fields[1].startsWith("K")) {
        start = pts;
      }
      if (!Double.isNaN(start) && pts >= start && pts < start + window) {
        frames++;
      }
    }
    return new Window(frames, start, last);
  }
}
