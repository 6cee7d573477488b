package io.rtmpt.engine.record;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.Subscriber;
import java.nio.file.Path;
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
 * logged. The files themselves (rotation, the disk-space floor) are {@link RecordingFiles}'s job.
 *
 * <p>Threads: {@link #onFrame} on the publisher's thread under the stream's lock (only queues); the
 * {@link RecordingFiles} are touched by one writer task at a time.
 */
final class Recorder implements Subscriber {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

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

  private final RecordingFiles files;

  Recorder(StreamKey key, RecordingConfig config, Executor writer, Recordings owner) {
    this.key = key;
    this.config = config;
    this.writer = writer;
    this.owner = owner;
    this.files = new RecordingFiles(key, config, owner, this::stoppedItself);
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
        files.write(frame);
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

  /** The recording stopped on its own (disk, write error): nothing more is queued. */
  private void stoppedItself(String reason) {
    discard();
    owner.stoppedItself(this, reason);
  }

  private void finish(String reason) {
    discard();
    files.finish(reason);
    if (dropped > 0) {
      LOG.warn("recording {}: {} frames dropped in all (disk too slow)", key, dropped);
    }
  }

  private void discard() {
    lock.lock();
    try {
      stopRequested = true;
      queue.clear();
      queuedBytes = 0;
    } finally {
      lock.unlock();
    }
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
    Path path = files.current();
    return new RecordingInfo(
        key.app(),
        key.name(),
        path == null ? null : path.toString(),
        startedAtMillis,
        files.bytes(),
        files.durationMillis(),
        files.files(),
        droppedNow);
  }
}
