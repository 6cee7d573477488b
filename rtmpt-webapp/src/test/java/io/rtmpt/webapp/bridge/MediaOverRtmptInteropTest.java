package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.record.RecordedFile;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.config.MediaSettings;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording and on-demand playback through the RTMPT tunnel to the in-process engine, with ffmpeg:
 * a 10 s publish over rtmpt recorded with {@code rtmpt.record-apps=live}, then the generated FLV
 * and MP4 files (moov last and first) and the recording itself played back over rtmpt at playback
 * speed. Files and logs stay under target/interop/.
 */
class MediaOverRtmptInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "MediaOverRtmptInteropTest");
  private static final int SECONDS = 10;
  private static final long MIN_PLAY_MILLIS = 7000;

  private static EmbeddedWebapp webapp;
  private static Path media;
  private static Path records;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    media = fresh(LOGS.resolve("media"));
    records = fresh(LOGS.resolve("records"));
    webapp =
        EmbeddedWebapp.start(
            Map.of(
                MediaSettings.VOD_DIR,
                media.toString(),
                MediaSettings.RECORD_DIR,
                records.toString(),
                MediaSettings.RECORD_APPS,
                "live",
                MediaSettings.RECORD_MIN_FREE_BYTES,
                "0",
                MediaSettings.RECORD_MP4,
                "true"));
  }

  private static Path fresh(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        for (Path p : old.filter(Files::isRegularFile).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  @Test
  void aTenSecondPublishOverRtmptIsRecordedAndPlaysBackFromTheRecordings() throws Exception {
    BlockingQueue<RecordedFile> done = new LinkedBlockingQueue<>();
    webapp.engine().recordings().onRecordDone(done::add);
    try (ExternalProcess publisher =
        ExternalProcess.start(
            "publish-rtmpt", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", "rec"), SECONDS))) {
      assertEquals(0, publisher.waitFor(Duration.ofSeconds(60)), publisher.tail());
    }
    RecordedFile file = done.poll(30, TimeUnit.SECONDS);
    assertNotNull(file, "the recording was closed when the publish ended");
    assertEquals(records.toRealPath(), file.path().toRealPath().getParent());
    assertTrue(file.path().getFileName().toString().startsWith("live-rec-"), file.toString());

    Probe probe = Ffmpeg.probe(file.path(), LOGS);
    assertEquals("h264", probe.videoCodec());
    assertEquals("aac", probe.audioCodec());
    assertEquals(Ffmpeg.WIDTH, probe.width());
    assertEquals(Ffmpeg.HEIGHT, probe.height());
    double duration = Ffmpeg.duration(file.path(), LOGS);
    assertTrue(Math.abs(duration - SECONDS) <= 1, "recorded duration " + duration + " s");
    try (ExternalProcess decode =
        ExternalProcess.start("decode-recording", LOGS, Ffmpeg.decodeFile(file.path()))) {
      assertEquals(0, decode.waitFor(Duration.ofSeconds(60)), decode.tail());
      assertEquals(List.of(), Ffmpeg.decodeErrors(decode.stderr()), "decoding errors");
      assertEquals(probe.videoFrames(), Ffmpeg.lastFrameCount(decode.stderr()));
    }

    // recordings play back as application "recordings", by file name
    String url =
        webapp.rtmptUrl(MediaSettings.RECORDINGS_APP, file.path().getFileName().toString());
    Path copy = LOGS.resolve("recording-played.flv");
    long start = System.nanoTime();
    try (ExternalProcess player =
        ExternalProcess.start("play-recording", LOGS, Ffmpeg.copy(url, copy))) {
      assertEquals(0, player.waitFor(Duration.ofSeconds(60)), player.tail());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= MIN_PLAY_MILLIS, "a 10 s recording played in " + millis + " ms");
    assertEquals(probe.videoFrames(), Ffmpeg.probe(copy, LOGS).videoFrames());

    // rtmpt.record.mp4: an MP4 copy beside it, reported as well
    RecordedFile mp4 = done.poll(60, TimeUnit.SECONDS);
    assertNotNull(mp4, "the MP4 copy was reported");
    assertEquals("remuxed to MP4", mp4.reason());
    assertEquals(file.path().resolveSibling(stem(file.path()) + ".mp4"), mp4.path());
    Probe mp4Probe = Ffmpeg.probe(mp4.path(), LOGS);
    assertEquals("h264", mp4Probe.videoCodec());
    assertEquals("aac", mp4Probe.audioCodec());
    assertEquals(probe.videoFrames(), mp4Probe.videoFrames());
  }

  private static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.flv$", "");
  }

  @Test
  void generatedFlvAndMp4FilesPlayWholeOverRtmptAtPlaybackSpeed() throws Exception {
    Path flv = media.resolve("clip.flv");
    run("generate-flv", Ffmpeg.generate(flv, SECONDS));
    run("remux-end", Ffmpeg.remuxToMp4(flv, media.resolve("clip-end.mp4"), false));
    run("remux-front", Ffmpeg.remuxToMp4(flv, media.resolve("clip-front.mp4"), true));
    int frames = Ffmpeg.probe(flv, LOGS).videoFrames();

    long start = System.nanoTime();
    try (ExternalProcess a = play("flv", webapp.rtmptUrl("vod", "clip.flv"));
        ExternalProcess b = play("mp4-end", webapp.rtmptUrl("vod", "mp4:clip-end.mp4"));
        ExternalProcess c = play("mp4-front", webapp.rtmptUrl("vod", "clip-front.mp4"))) {
      for (ExternalProcess p : List.of(a, b, c)) {
        assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p + ":\n" + p.tail());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= MIN_PLAY_MILLIS, p + " played a 10 s file in " + millis + " ms");
      }
    }
    for (String name : List.of("flv", "mp4-end", "mp4-front")) {
      Probe played = Ffmpeg.probe(LOGS.resolve(name + ".flv"), LOGS);
      assertEquals("h264", played.videoCodec(), name);
      assertEquals("aac", played.audioCodec(), name);
      assertEquals(frames, played.videoFrames(), name + ": every frame of the file");
    }
  }

  private static void run(String name, List<String> command) throws Exception {
    try (ExternalProcess p = ExternalProcess.start(name, LOGS, command)) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(120)), name + ":\n" + p.tail());
    }
  }

  private static ExternalProcess play(String name, String url) throws Exception {
    return ExternalProcess.start(name, LOGS, Ffmpeg.copy(url, LOGS.resolve(name + ".flv")));
  }
}
