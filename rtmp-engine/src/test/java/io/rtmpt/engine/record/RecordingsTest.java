package io.rtmpt.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.Publisher;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.vod.FlvFormat;
import io.rtmpt.engine.vod.MediaSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings of a live stream fed frame by frame, read back with the VOD reader. */
class RecordingsTest {
  private static final StreamKey KEY = new StreamKey("live", "cam");
  private static final byte[] VIDEO_HEADER = {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1e};
  private static final byte[] AUDIO_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};

  @TempDir Path dir;
  private final StreamRegistry streams = new StreamRegistry(1 << 20);
  private final BlockingQueue<RecordedFile> done = new LinkedBlockingQueue<>();

  private Recordings recordings(RecordingConfig config) {
    Recordings r = new Recordings(config, streams);
    r.onRecordDone(done::add);
    return r;
  }

  private LiveStream publish(StreamKey key) {
    return streams.publish(
        key,
        new Publisher() {
          @Override
          public String describe() {
            return "test publisher";
          }

          @Override
          public void stop(String reason) {}
        },
        System.currentTimeMillis());
  }

  /** Metadata, headers, then {@code seconds} of 25 fps video (keyframe a second) and audio. */
  private static void feed(LiveStream live, long base, int seconds) {
    byte[] meta =
        new Amf0Writer()
            .writeAll("onMetaData", AmfEcmaArray.of("width", 320.0, "duration", 0.0))
            .toByteArray();
    live.onMetadata(MediaFrame.data(base, meta), Map.of("width", 320.0));
    live.onFrame(MediaFrame.video(base, VIDEO_HEADER));
    live.onFrame(MediaFrame.audio(base, AUDIO_HEADER));
    for (int i = 0; i < seconds * 25; i++) {
      long ts = base + i * 40L;
      live.onFrame(MediaFrame.audio(ts, new byte[] {(byte) 0xAF, 1, 7, 7, 7}));
      byte[] video = new byte[600];
      video[0] = (byte) (i % 25 == 0 ? 0x17 : 0x27);
      video[1] = 1;
      live.onFrame(MediaFrame.video(ts, video));
    }
  }

  @Test
  void aRecordedPublishIsAPlayableFlvWithItsDurationAndRebasedTimestamps() throws Exception {
    Recordings r = recordings(RecordingConfig.in(dir, Set.of("live")).withMinFreeBytes(0));
    LiveStream live = publish(KEY);
    r.publishStarted(KEY);
    assertTrue(r.isRecording(KEY));
    feed(live, 5000, 2);
    r.publishStopped(KEY);
    RecordedFile file = done.poll(10, TimeUnit.SECONDS);
    assertNotNull(file, "the file was closed and reported");
    assertFalse(r.isRecording(KEY));
    assertEquals(dir, file.path().getParent());
    assertTrue(file.path().getFileName().toString().matches("live-cam-\\d{8}-\\d{6}\\.flv"));
    assertEquals(Files.size(file.path()), file.bytes());
    assertEquals(1960, file.durationMillis());
    try (MediaSource source = MediaSource.open(file.path())) {
      assertEquals(100, source.size(), "50 video and 50 audio frames");
      assertEquals(0, source.timestamp(0), "timestamps start at 0");
      assertEquals(2, source.sequenceHeaders(0).size());
      assertTrue(firstVideo(source).keyframe(), "the first video frame is a keyframe");
    }
    Map<?, ?> metadata = firstMetadata(file.path());
    assertEquals(1.96, ((Number) metadata.get("duration")).doubleValue(), 1e-9);
    assertEquals((double) file.bytes(), ((Number) metadata.get("filesize")).doubleValue());
    assertEquals(320.0, metadata.get("width"), "the publisher's properties are kept");
  }

  @Test
  void rotationStartsEachFileAtAKeyframeWithMetadataAndHeaders() throws Exception {
    Recordings r =
        recordings(
            RecordingConfig.in(dir, Set.of("live"))
                .withMinFreeBytes(0)
                .withRotation(Duration.ofMillis(1500), 0));
    LiveStream live = publish(KEY);
    r.publishStarted(KEY);
    feed(live, 0, 4);
    r.publishStopped(KEY);
    List<RecordedFile> files = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RecordedFile f = done.poll(10, TimeUnit.SECONDS);
      assertNotNull(f, "file " + i);
      files.add(f);
    }
    // keyframes every second: the first file ends at the keyframe at 2 s (>= 1.5 s), the second
    // runs from 2 s to the end (1.96 s long, under the limit)
    assertEquals(
        List.of("rotated", "publish ended"), files.stream().map(RecordedFile::reason).toList());
    int total = 0;
    for (RecordedFile f : files) {
      try (MediaSource source = MediaSource.open(f.path())) {
        assertEquals(2, source.sequenceHeaders(0).size(), f.path().toString());
        assertTrue(firstVideo(source).keyframe(), f.path() + " starts at a keyframe");
        assertEquals(0, source.timestamp(0));
        total += source.size();
      }
    }
    assertEquals(200, total, "no frame lost between files");
  }

  @Test
  void belowTheDiskSpaceFloorNothingIsWrittenAndTheWarningStays() throws Exception {
    Recordings r =
        recordings(RecordingConfig.in(dir, Set.of("live")).withMinFreeBytes(Long.MAX_VALUE));
    LiveStream live = publish(KEY);
    r.publishStarted(KEY);
    feed(live, 0, 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (r.isRecording(KEY) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(r.isRecording(KEY), "recording stopped by itself");
    assertTrue(r.lastWarning().contains("below the floor"), r.lastWarning());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
    }
    assertNull(done.poll(), "no file, nothing reported");
  }

  @Test
  void aSlowDiskDropsFramesForTheRecordingAloneAndKeepsTheEssentials() throws Exception {
    ArrayDeque<Runnable> stalledDisk = new ArrayDeque<>();
    RecordingConfig config =
        RecordingConfig.in(dir, Set.of()).withMinFreeBytes(0).withMaxQueueBytes(10_000);
    Recordings owner = recordings(config);
    Recorder recorder = new Recorder(KEY, config, stalledDisk::add, owner);
    LiveStream live = publish(KEY);
    recorder.subscribed(live);
    streams.subscribe(KEY, recorder);
    feed(live, 0, 2); // 60 KB of video into a 10 KB queue whose writer does not run
    assertTrue(recorder.info().droppedFrames() > 0, "frames dropped: " + recorder.info());
    recorder.stop("test");
    while (!stalledDisk.isEmpty()) {
      stalledDisk.poll().run();
    }
    RecordedFile file = done.poll(10, TimeUnit.SECONDS);
    assertNotNull(file);
    try (MediaSource source = MediaSource.open(file.path())) {
      assertEquals(2, source.sequenceHeaders(0).size(), "headers are never dropped");
      assertTrue(source.size() < 100, "fewer frames than published: " + source.size());
      assertTrue(firstVideo(source).keyframe(), "video resumes at a keyframe");
    }
  }

  @Test
  void aHostileStreamNameIsRecordedInsideTheDirectory() throws Exception {
    StreamKey hostile = new StreamKey("../..", "../../../tmp/evil\u0000name");
    Recordings r = recordings(RecordingConfig.in(dir, Set.of("../..")).withMinFreeBytes(0));
    LiveStream live = publish(hostile);
    r.publishStarted(hostile);
    feed(live, 0, 1);
    r.publishStopped(hostile);
    RecordedFile file = done.poll(10, TimeUnit.SECONDS);
    assertNotNull(file);
    assertEquals(dir.toRealPath(), file.path().toRealPath().getParent());
  }

  private static MediaFrame firstVideo(MediaSource source) throws Exception {
    for (int i = 0; i < source.size(); i++) {
      MediaFrame frame = source.read(i);
      if (frame.kind() == MediaFrame.Kind.VIDEO) {
        return frame;
      }
    }
    throw new AssertionError("no video in the file");
  }

  static Map<?, ?> firstMetadata(Path flv) throws Exception {
    byte[] bytes = Files.readAllBytes(flv);
    int tag = FlvFormat.HEADER_SIZE + FlvFormat.PREVIOUS_TAG_SIZE;
    int size =
        ((bytes[tag + 1] & 0xFF) << 16) | ((bytes[tag + 2] & 0xFF) << 8) | (bytes[tag + 3] & 0xFF);
    int body = tag + FlvFormat.TAG_HEADER_SIZE;
    List<Object> values =
        new Amf0Reader(ByteBuffer.wrap(Arrays.copyOfRange(bytes, body, body + size))).readAll();
    assertEquals("onMetaData", values.get(0));
    return (Map<?, ?>) values.get(1);
  }
}
