package io.rtmpt.engine.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real players of files served over rtmp://: ffmpeg copies a generated FLV, an MP4 with its moov at
 * the end and one with it at the front, each to its end, at playback speed; rtmpdump starts 5 s
 * into the FLV ({@code -A 5}). Files and logs are kept under target/interop/.
 */
class VodFfmpegInteropTest {
  static final Path LOGS = Path.of("target", "interop", "VodFfmpegInteropTest");
  static final int SECONDS = 10;

  /** A behaviour check, not a benchmark: a 10 s file must not arrive in a burst. */
  static final long MIN_PLAY_MILLIS = 7000;

  private static Path media;
  private static RtmpServer server;
  private static int sourceFrames;

  @BeforeAll
  static void generateAndServe() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    media = Files.createDirectories(LOGS.resolve("media"));
    sourceFrames = generate(media, LOGS);
    RtmpEngine engine =
        new RtmpEngine(EngineConfig.builder().vodDirectories(Map.of("vod", media)).build());
    server = new RtmpServer(engine, "127.0.0.1", 0).start();
  }

  /**
   * Writes clip.flv, clip-end.mp4 (moov last) and clip-front.mp4 (moov first) into {@code media};
   * returns the video frame count of clip.flv.
   */
  static int generate(Path media, Path logs) throws Exception {
    Path flv = media.resolve("clip.flv");
    run("generate-flv", logs, Ffmpeg.generate(flv, SECONDS));
    run("remux-end", logs, Ffmpeg.remuxToMp4(flv, media.resolve("clip-end.mp4"), false));
    run("remux-front", logs, Ffmpeg.remuxToMp4(flv, media.resolve("clip-front.mp4"), true));
    int frames = Ffmpeg.probe(flv, logs).videoFrames();
    assertTrue(frames >= SECONDS * Ffmpeg.FPS - 1, "generated " + frames + " frames");
    return frames;
  }

  private static void run(String name, Path logs, List<String> command) throws Exception {
    try (ExternalProcess p = ExternalProcess.start(name, logs, command)) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(120)), name + ":\n" + p.tail());
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void ffmpegPlaysFlvAndMp4FilesWholeAtPlaybackSpeedAndRtmpdumpStartsWhereAsked() throws Exception {
    String base = "rtmp://127.0.0.1:" + server.port() + "/vod/";
    Path dumped = LOGS.resolve("rtmpdump-from-5s.flv");
    long start = System.nanoTime();
    try (ExternalProcess flv = play("flv", base + "clip");
        ExternalProcess mp4End = play("mp4-end", base + "mp4:clip-end.mp4");
        ExternalProcess mp4Front = play("mp4-front", base + "clip-front.mp4");
        ExternalProcess dump =
            ExternalProcess.start(
                "rtmpdump-from-5s",
                LOGS,
                List.of(
                    Interop.requireTool("rtmpdump").toString(),
                    "-r",
                    base + "clip",
                    "-A",
                    "5",
                    "-o",
                    dumped.toString()))) {
      for (ExternalProcess p : List.of(flv, mp4End, mp4Front)) {
        assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p + ":\n" + p.tail());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= MIN_PLAY_MILLIS, p + " finished a 10 s file after " + millis + " ms");
      }
      int exit = dump.waitFor(Duration.ofSeconds(60));
      assertTrue(exit == 0 || exit == 2, "rtmpdump exit " + exit + ":\n" + dump.tail());
    }
    for (String name : List.of("flv", "mp4-end", "mp4-front")) {
      Probe played = Ffmpeg.probe(LOGS.resolve(name + ".flv"), LOGS);
      assertEquals("h264", played.videoCodec(), name);
      assertEquals("aac", played.audioCodec(), name);
      assertEquals(Ffmpeg.WIDTH, played.width(), name);
      assertEquals(sourceFrames, played.videoFrames(), name + ": every frame of the file");
    }
    try (ExternalProcess decode =
        ExternalProcess.start(
            "decode-mp4-end", LOGS, Ffmpeg.decodeFile(LOGS.resolve("mp4-end.flv")))) {
      assertEquals(0, decode.waitFor(Duration.ofSeconds(60)), decode.tail());
      assertEquals(List.of(), Ffmpeg.decodeErrors(decode.stderr()), "decoding errors");
    }
    try (MediaSource from5s = MediaSource.open(dumped)) {
      assertTrue(from5s.timestamp(0) >= 4000, "rtmpdump's first sample at " + from5s.timestamp(0));
    }
    int framesFrom5s = Ffmpeg.probe(dumped, LOGS).videoFrames();
    assertTrue(
        framesFrom5s >= 4 * Ffmpeg.FPS && framesFrom5s <= 6 * Ffmpeg.FPS,
        "rtmpdump -A 5 got " + framesFrom5s + " frames of " + sourceFrames);
  }

  @Test
  void mp4SamplesBecomeTheSameFlvTagsFfmpegWritesCompositionOffsetsIncluded() throws Exception {
    List<String> fromFlv = videoTags(media.resolve("clip.flv"));
    for (String mp4 : List.of("clip-end.mp4", "clip-front.mp4")) {
      List<String> fromMp4 = videoTags(media.resolve(mp4));
      assertEquals(fromFlv, fromMp4, mp4);
    }
    assertTrue(
        fromFlv.stream().anyMatch(t -> !t.endsWith(" cts 0")), "the file has B-frames: " + fromFlv);
  }

  /** Each video tag as "frame type, packet type, cts, body hash" (timestamps left out). */
  private static List<String> videoTags(Path file) throws Exception {
    List<String> tags = new ArrayList<>();
    try (MediaSource source = MediaSource.open(file)) {
      for (MediaFrame header : source.sequenceHeaders(0)) {
        if (header.kind() == MediaFrame.Kind.VIDEO) {
          tags.add("header " + Arrays.hashCode(header.payload()));
        }
      }
      for (int i = 0; i < source.size(); i++) {
        MediaFrame frame = source.read(i);
        // coded frames only: ffmpeg ends an FLV with an AVC end-of-sequence tag (packet type 2)
        if (frame.kind() == MediaFrame.Kind.VIDEO && frame.payload()[1] == 1) {
          byte[] p = frame.payload();
          int cts = (p[2] << 16) | ((p[3] & 0xFF) << 8) | (p[4] & 0xFF);
          int body = Arrays.hashCode(Arrays.copyOfRange(p, 5, p.length));
          tags.add(Integer.toHexString(p[0] & 0xFF) + " " + p[1] + " " + body + " cts " + cts);
        }
      }
    }
    return tags;
  }

  private static ExternalProcess play(String name, String url) throws Exception {
    return ExternalProcess.start(name, LOGS, Ffmpeg.copy(url, LOGS.resolve(name + ".flv")));
  }
}
