package io.rtmpt.engine.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.live.MediaFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player's pacing on a manual clock: a one-second burst, then each sample a second before its
 * time; waiting while the client has not taken what it got; pause, seek and the end.
 */
class VodPlayerTest {
  private static final int FPS = 25;

  @TempDir Path temp;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final RecordingSink sink = new RecordingSink();
  private Path file;

  /** Records what the player delivers; {@link #queued} is what the "client" has not taken yet. */
  static final class RecordingSink implements VodSink {
    final List<MediaFrame> frames = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    long queued;

    @Override
    public long queuedBytes() {
      return queued;
    }

    @Override
    public void frame(MediaFrame frame) {
      frames.add(frame);
    }

    @Override
    public void seeked(long positionMillis) {
      events.add("seeked " + positionMillis);
    }

    @Override
    public void paused(boolean paused, long positionMillis) {
      events.add((paused ? "paused " : "unpaused ") + positionMillis);
    }

    @Override
    public void completed(long durationMillis) {
      events.add("completed " + durationMillis);
    }

    @Override
    public void failed(String reason) {
      events.add("failed " + reason);
    }

    /** The largest timestamp of a video sample (not a header) delivered so far. */
    long lastVideo() {
      return frames.stream()
          .filter(f -> f.kind() == MediaFrame.Kind.VIDEO && !f.sequenceHeader())
          .mapToLong(MediaFrame::timestamp)
          .max()
          .orElse(-1);
    }
  }

  @BeforeEach
  void writeFile() throws Exception {
    file = TestFlv.write(temp.resolve("three.flv"), 3, FPS, FPS, "m");
  }

  private VodPlayer player(long start, long maxQueued) {
    return new VodPlayer(file, sink, scheduler, start, maxQueued, scheduler::nanoTime);
  }

  @Test
  void theFirstSecondGoesAtOnceThenSamplesGoOneSecondBeforeTheirTime() {
    VodPlayer player = player(0, 1 << 20);
    player.start();
    scheduler.advance(0);
    assertEquals(MediaFrame.Kind.DATA, sink.frames.get(0).kind(), "onMetaData first");
    assertTrue(sink.frames.get(1).sequenceHeader() && sink.frames.get(2).sequenceHeader());
    assertEquals(1000, sink.lastVideo(), "the burst: one second");
    scheduler.advance(500);
    assertEquals(1480, sink.lastVideo());
    scheduler.advance(1000);
    assertEquals(2480, sink.lastVideo());
    assertEquals(List.of(), sink.events);
    scheduler.advance(1000); // 2.5 s on the clock: every sample was sent, the last is at 2.96 s
    assertEquals(2960, sink.lastVideo());
    assertEquals(List.of(), sink.events, "not complete before the clock reaches the end");
    scheduler.advance(500);
    assertEquals(List.of("completed 2960"), sink.events);
    assertEquals(0, scheduler.pending(), "nothing left scheduled");
    player.stop();
  }

  @Test
  void aClientThatHasNotTakenItsBytesGetsNothingMoreUntilItDoes() {
    sink.queued = 10_000;
    VodPlayer player = player(0, 5_000);
    player.start();
    scheduler.advance(2000);
    assertEquals(-1, sink.lastVideo(), "no sample while 10000 bytes wait");
    sink.queued = 0;
    scheduler.advance(20);
    assertTrue(sink.lastVideo() >= 2000, "then it catches up: " + sink.lastVideo());
    player.stop();
  }

  @Test
  void pauseStopsTheClockAndUnpauseGoesOnFromThere() {
    VodPlayer player = player(0, 1 << 20);
    player.start();
    scheduler.advance(400);
    player.pause(true);
    long sent = sink.lastVideo();
    scheduler.advance(5000);
    assertEquals(sent, sink.lastVideo(), "nothing sent while paused");
    player.pause(false);
    scheduler.advance(100);
    assertEquals(1480, sink.lastVideo(), "the clock went on from 400 ms");
    assertEquals(List.of("paused 400", "unpaused 400"), sink.events);
    player.stop();
  }

  @Test
  void seekGoesToTheKeyframeAtOrBeforeThePositionWithMetadataAndHeadersAgain() {
    VodPlayer player = player(0, 1 << 20);
    player.start();
    scheduler.advance(100);
    int before = sink.frames.size();
    player.seek(2100);
    scheduler.advance(0);
    assertEquals(List.of("seeked 2000"), sink.events);
    List<MediaFrame> after = sink.frames.subList(before, sink.frames.size());
    assertEquals(MediaFrame.Kind.DATA, after.get(0).kind());
    assertTrue(after.get(1).sequenceHeader() && after.get(2).sequenceHeader());
    MediaFrame keyframe =
        after.stream()
            .filter(f -> f.kind() == MediaFrame.Kind.VIDEO && !f.sequenceHeader())
            .findFirst()
            .orElseThrow();
    assertTrue(keyframe.keyframe());
    assertEquals(2000, keyframe.timestamp());
    player.stop();
  }

  @Test
  void aStartPositionStartsAtTheKeyframeBeforeIt() {
    VodPlayer player = player(1500, 1 << 20);
    player.start();
    scheduler.advance(0);
    MediaFrame first =
        sink.frames.stream()
            .filter(f -> f.kind() == MediaFrame.Kind.VIDEO && !f.sequenceHeader())
            .findFirst()
            .orElseThrow();
    assertEquals(1000, first.timestamp());
    assertTrue(first.keyframe());
    player.stop();
  }

  @Test
  void aFileThatCannotBeReadFailsThePlay() {
    VodPlayer player =
        new VodPlayer(
            temp.resolve("missing.flv"), sink, scheduler, 0, 1 << 20, scheduler::nanoTime);
    player.start();
    scheduler.advance(0);
    assertEquals(1, sink.events.size());
    assertTrue(sink.events.get(0).startsWith("failed cannot play the file"), sink.events.get(0));
  }
}
