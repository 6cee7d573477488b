package io.rtmpt.engine.record;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.Subscriber;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one live stream: a {@link Subscriber} like a player, whose frames wait in a bounded queue
 * for a writer task on the recordings' executor, so that the disk never slows the publisher or the
 * other players. When the queue is full, frames are dropped for the recording alone (video up to
 * the next keyframe, as for a slow player; sequence headers and metadata never) and a warning is
 * logged. Files rotate at keyframes ({@link RecordingConfig#maxDuration()}, {@link
 * RecordingConfig#maxBytes()}); below the disk-space floor recording stops with a warning.
 *
 * <p>Threads: {@link #onFrame} on the publisher's thread under the stream's lock (only queues); the
 * writer state below the queue is touched by one writer task at a time.
 */
final class Recorder implements Subscriber {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
  private static final long DISK_CHECK_NANOS = 1_000_000_000L;
  private static final byte[] ON_META_DATA = {
    2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a'
  };

  private final StreamKey key;
  private final RecordingConfig config;
  private final Executor writer;
  private final Recordings owner;
  private final long startedAtMillis = System.currentTimeMillis();

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<MediaFrame> queue = new ArrayDeque<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private long queuedBytes;
  private boolean waitForKeyframe = true;
  private boolean stopRequested;
  private String stopReason;
  private long dropped;
  private boolean dropping;
  private volatile LiveStream live;

  // writer side
  private FlvWriter file;
  private byte[] metadata;
  private MediaFrame videoHeader;
  private MediaFrame audioHeader;
  private long base;
  private long lastDiskCheck;
  private long fileOpenedAtMillis;
  private boolean finished;
  private volatile int files;
  private volatile Path current;
  private volatile long bytes;
  private volatile long durationMillis;

  Recorder(StreamKey key, RecordingConfig config, Executor writer, Recordings owner) {
    this.key = key;
    this.config = config;
    this.writer = writer;
    this.owner = owner;
  }

  StreamKey key() {
    return key;
  }

  LiveStream live() {
    return live;
  }

  void subscribed(LiveStream stream) {
    live = stream;
  }

  @Override
  public void onPublish(StreamKey publishedKey) {}

  @Override
  public void onUnpublish(StreamKey unpublishedKey) {}

  @Override
  public void onFrame(MediaFrame frame) {
    lock.lock();
    try {
      if (stopRequested) {
        return;
      }
      boolean video = frame.kind() == MediaFrame.Kind.VIDEO;
      boolean full = queuedBytes + frame.payload().length > config.maxQueueBytes();
      if (!frame.essential() && (full || (video && waitForKeyframe && !frame.keyframe()))) {
        waitForKeyframe |= video;
        if (full) {
          dropped++;
          if (!dropping) {
            dropping = true;
            LOG.warn("recording {}: the disk is slower than the stream, dropping frames", key);
          }
        }
        return;
      }
      if (video && frame.keyframe()) {
        waitForKeyframe = false;
        dropping = false;
      }
      queue.add(frame);
      queuedBytes += frame.payload().length;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void wakeUp() {
    if (drainScheduled.compareAndSet(false, true)) {
      writer.execute(this::drain);
    }
  }

  /** Ends the recording: what is queued is written, then the file is closed. */
  void stop(String reason) {
    lock.lock();
    try {
      if (!stopRequested) {
        stopRequested = true;
        stopReason = reason;
      }
    } finally {
      lock.unlock();
    }
    wakeUp();
  }

  /**
   * Writes what is queued; one drain runs at a time per recorder: {@code drainScheduled} stays set
   * while it runs, so a {@link #wakeUp} meanwhile schedules nothing, and it is cleared only once
   * the queue was found empty (then checked again, for a frame that came in between).
   */
  private void drain() {
    while (true) {
      List<MediaFrame> batch;
      boolean stop;
      lock.lock();
      try {
        batch = new ArrayList<>(queue);
        queue.clear();
        queuedBytes = 0;
        stop = stopRequested;
      } finally {
        lock.unlock();
      }
      for (MediaFrame frame : batch) {
        write(frame);
      }
      if (stop) {
        finish(stopReason);
        return; // drainScheduled stays set: nothing is written after the end
      }
      drainScheduled.set(false);
      boolean more;
      lock.lock();
      try {
        more = !queue.isEmpty() || stopRequested;
      } finally {
        lock.unlock();
      }
      if (!more || !drainScheduled.compareAndSet(false, true)) {
        return; // nothing left, or a drain scheduled meanwhile takes over
      }
    }
  }

  private void write(MediaFrame frame) {
    if (finished) {
      return;
    }
    try {
      if (frame.kind() == MediaFrame.Kind.DATA && isMetadata(frame.payload())) {
        metadata = frame.payload();
        if (file != null) {
          file.write(frame, timestamp(frame));
        }
        return;
      }
      if (frame.sequenceHeader()) {
        if (frame.kind() == MediaFrame.Kind.VIDEO) {
          videoHeader = frame;
        } else {
          audioHeader = frame;
        }
        if (file != null) {
          file.write(frame, timestamp(frame));
        }
        return;
      }
      if (file == null) {
        open(frame);
      } else if (dueForRotation(frame)) {
        close("rotated");
        open(frame);
      }
      if (file != null) {
        file.write(frame, timestamp(frame));
        bytes = file.bytes();
        durationMillis = file.durationMillis();
        checkDisk();
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("recording {}: write failed, recording stopped: {}", key, e.toString());
      stopItself("write failed: " + e.getMessage());
    }
  }

  private boolean dueForRotation(MediaFrame frame) {
    if (frame.kind() != MediaFrame.Kind.VIDEO || !frame.keyframe()) {
      return false;
    }
    long maxMillis = config.maxDuration().toMillis();
    return (maxMillis > 0 && timestamp(frame) >= maxMillis)
        || (config.maxBytes() > 0 && file.bytes() >= config.maxBytes());
  }

  private long timestamp(MediaFrame frame) {
    return Math.max(0, frame.timestamp() - base);
  }

  private void open(MediaFrame first) throws IOException {
    Path directory = config.directory();
    Files.createDirectories(directory);
    if (belowFloor(directory)) {
      return;
    }
    String name =
        RecordFileNames.sanitise(key.app()) + "-" + RecordFileNames.of(key.name(), Instant.now());
    for (int attempt = 0; file == null; attempt++) {
      Path path = directory.resolve(name + (attempt == 0 ? "" : "-" + attempt) + ".flv");
      try {
        file = FlvWriter.create(path, metadata);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
    base = first.timestamp();
    fileOpenedAtMillis = System.currentTimeMillis();
    files++;
    current = file.path();
    lastDiskCheck = System.nanoTime();
    LOG.info("recording {} to {}", key, file.path());
    for (MediaFrame header : new MediaFrame[] {videoHeader, audioHeader}) {
      if (header != null) {
        file.write(header, 0);
      }
    }
  }

  private void checkDisk() throws IOException {
    long now = System.nanoTime();
    if (now - lastDiskCheck >= DISK_CHECK_NANOS) {
      lastDiskCheck = now;
      belowFloor(file.path().getParent());
    }
  }

  /** True (and the recording stopped) when the file system has less than the floor left. */
  private boolean belowFloor(Path directory) throws IOException {
    long usable = Files.getFileStore(directory).getUsableSpace();
    if (usable >= config.minFreeBytes()) {
      return false;
    }
    String warning =
        "Recording of "
            + key
            + " stopped: "
            + usable / (1024 * 1024)
            + " MiB free on the disk of "
            + config.directory()
            + ", below the floor of "
            + config.minFreeBytes() / (1024 * 1024)
            + " MiB";
    LOG.warn(warning);
    owner.warn(warning);
    stopItself("disk space below floor");
    return true;
  }

  private void stopItself(String reason) {
    finish(reason);
    owner.stoppedItself(this, reason);
  }

  private void finish(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    lock.lock();
    try {
      stopRequested = true;
      queue.clear();
      queuedBytes = 0;
    } finally {
      lock.unlock();
    }
    close(reason);
    if (dropped > 0) {
      LOG.warn("recording {}: {} frames dropped in all (disk too slow)", key, dropped);
    }
  }

  private void close(String reason) {
    FlvWriter closing = file;
    file = null;
    if (closing == null) {
      return;
    }
    try {
      closing.close();
    } catch (IOException e) {
      LOG.error("recording {}: closing {} failed: {}", key, closing.path(), e.toString());
    }
    LOG.info(
        "recording {}: closed {} ({} ms, {} bytes, {})",
        key,
        closing.path(),
        closing.durationMillis(),
        closing.bytes(),
        reason);
    owner.done(
        new RecordedFile(
            closing.path(),
            key,
            closing.durationMillis(),
            closing.bytes(),
            fileOpenedAtMillis,
            reason));
  }

  private static boolean isMetadata(byte[] payload) {
    if (payload.length < ON_META_DATA.length) {
      return false;
    }
    for (int i = 0; i < ON_META_DATA.length; i++) {
      if (payload[i] != ON_META_DATA[i]) {
        return false;
      }
    }
    return true;
  }

  /** A snapshot for the console and the API. */
  RecordingInfo info() {
    long droppedNow;
    lock.lock();
    try {
      droppedNow = dropped;
    } finally {
      lock.unlock();
    }
    Path path = current;
    return new RecordingInfo(
        key.app(),
        key.name(),
        path == null ? null : path.toString(),
        startedAtMillis,
        bytes,
        durationMillis,
        files,
        droppedNow);
  }
}
