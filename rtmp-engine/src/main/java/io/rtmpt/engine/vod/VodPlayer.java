package io.rtmpt.engine.vod;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one media file to one {@link VodSink} at playback speed: the file is opened on the engine's
 * scheduler (never on a transport thread), then metadata and sequence headers go out, then samples
 * whose timestamp is at most {@link #LEAD_MILLIS} ahead of the playback clock. The first second is
 * therefore sent at once (the burst that fills a player's buffer) and the rest as the clock
 * advances, one scheduled task per player and only when a sample is due, no thread of its own.
 * nginx-rtmp's flv module paces the same way with a lead of the client's buffer length plus 1 s;
 * this lead is fixed so that every client gets the same small burst.
 *
 * <p>Flow control: while the sink holds more than {@code maxQueuedBytes} unsent, the player waits
 * (a client that reads slowly is never dropped frames from a file: it gets them later).
 *
 * <pre>
 *   OPENING --opened--&gt; PLAYING --all samples sent and played out--&gt; COMPLETE
 *      |                 |   ^                                          |
 *      |             pause  unpause                          seek: PLAYING again
 *      |                 v   |
 *      |                PAUSED (seek moves the position and stays paused)
 *      +-- open failed, stop(): any --&gt; STOPPED
 * </pre>
 *
 * <p>Thread-safe: one lock guards the state; {@link #seek}, {@link #pause} and {@link #stop} come
 * from the session's input thread, the ticks from the scheduler.
 */
public final class VodPlayer {
  private static final Logger LOG = LoggerFactory.getLogger(VodPlayer.class);

  /** How far samples are sent ahead of the playback clock, in ms. */
  public static final long LEAD_MILLIS = 1000;

  /** How soon to look again while the client has not taken what it was sent, in ms. */
  private static final long BACKPRESSURE_RETRY_MILLIS = 20;

  /** See the class diagram. */
  enum State {
    OPENING,
    PLAYING,
    PAUSED,
    COMPLETE,
    STOPPED
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Path file;
  private final VodSink sink;
  private final ScheduledExecutorService scheduler;
  private final long maxQueuedBytes;
  private final LongSupplier nanoTime;
  private State state = State.OPENING;
  private MediaSource source;
  private long startMillis;
  private boolean pausedWhileOpening;
  private int next;
  private long clockBaseMillis;
  private long clockBaseNanos;
  private long pausedAtMillis;
  private ScheduledFuture<?> task;

  /**
   * A player that has not started.
   *
   * @param file the file to play (already resolved inside its {@link MediaDirectory})
   * @param startMillis where to start (the play command's start, 0 or more)
   * @param maxQueuedBytes unsent bytes in the sink above which the player waits
   */
  VodPlayer(
      Path file,
      VodSink sink,
      ScheduledExecutorService scheduler,
      long startMillis,
      long maxQueuedBytes,
      LongSupplier nanoTime) {
    this.file = file;
    this.sink = sink;
    this.scheduler = scheduler;
    this.startMillis = Math.max(0, startMillis);
    this.maxQueuedBytes = maxQueuedBytes;
    this.nanoTime = nanoTime;
  }

  /** Opens the file on the scheduler and starts playing; returns at once. */
  public void start() {
    scheduler.execute(this::open);
  }

  private void open() {
    MediaSource opened;
    try {
      opened = MediaSource.open(file);
    } catch (IOException | RuntimeException e) {
      LOG.info("cannot play {}: {}", file, e.toString());
      lock.lock();
      try {
        if (state != State.STOPPED) {
          state = State.STOPPED;
          sink.failed("cannot play the file: " + e.getMessage());
        }
      } finally {
        lock.unlock();
      }
      return;
    }
    lock.lock();
    try {
      if (state == State.STOPPED) {
        closeQuietly(opened);
        return;
      }
      source = opened;
      LOG.debug(
          "playing {} from {} ms: {} samples, {} ms",
          file,
          startMillis,
          source.size(),
          source.durationMillis());
      next = source.indexAt(startMillis);
      long position = next < source.size() ? source.timestamp(next) : source.durationMillis();
      sink.frame(source.metadataFrame(position));
      source.sequenceHeaders(position).forEach(sink::frame);
      startClock(position);
      if (pausedWhileOpening) {
        pausedAtMillis = position;
        state = State.PAUSED;
      } else {
        state = State.PLAYING;
        schedule(0);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * NetStream.seek: playback continues from the keyframe at or before {@code millis}; the sink is
   * told ({@link VodSink#seeked}) before the frames from there. A paused player stays paused.
   */
  public void seek(long millis) {
    lock.lock();
    try {
      if (state == State.STOPPED) {
        return;
      }
      if (source == null) {
        startMillis = Math.max(0, millis);
        sink.seeked(startMillis);
        return;
      }
      cancel();
      next = source.indexAt(Math.max(0, millis));
      long position = next < source.size() ? source.timestamp(next) : source.durationMillis();
      sink.seeked(position);
      sink.frame(source.metadataFrame(position));
      source.sequenceHeaders(position).forEach(sink::frame);
      startClock(position);
      if (state == State.PAUSED) {
        pausedAtMillis = position;
      } else {
        state = State.PLAYING;
        schedule(0);
      }
    } finally {
      lock.unlock();
    }
  }

  /** NetStream.pause(true) stops the clock and the sending; pause(false) resumes both. */
  public void pause(boolean pause) {
    lock.lock();
    try {
      switch (state) {
        case OPENING -> {
          pausedWhileOpening = pause;
          sink.paused(pause, startMillis);
        }
        case PLAYING -> {
          if (pause) {
            cancel();
            pausedAtMillis = clock();
            state = State.PAUSED;
          }
          sink.paused(pause, pause ? pausedAtMillis : clock());
        }
        case PAUSED -> {
          if (!pause) {
            startClock(pausedAtMillis);
            state = State.PLAYING;
            schedule(0);
          }
          sink.paused(pause, pausedAtMillis);
        }
        case COMPLETE, STOPPED -> {
          // nothing plays: nothing to pause
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends playback and closes the file; idempotent. */
  public void stop() {
    lock.lock();
    try {
      state = State.STOPPED;
      cancel();
      if (source != null) {
        closeQuietly(source);
        source = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The file's duration in ms, once open; -1 before. */
  public long durationMillis() {
    lock.lock();
    try {
      return source == null ? -1 : source.durationMillis();
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is due, then schedules itself for the next sample (or the end). */
  private void tick() {
    lock.lock();
    try {
      if (state != State.PLAYING) {
        return;
      }
      long now = clock();
      while (next < source.size() && source.timestamp(next) <= now + LEAD_MILLIS) {
        if (sink.queuedBytes() > maxQueuedBytes) {
          schedule(BACKPRESSURE_RETRY_MILLIS);
          return;
        }
        sink.frame(source.read(next++));
      }
      if (next < source.size()) {
        schedule(source.timestamp(next) - LEAD_MILLIS - now);
      } else if (now < source.durationMillis()) {
        schedule(source.durationMillis() - now);
      } else {
        state = State.COMPLETE;
        sink.completed(source.durationMillis());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("playing {} failed: {}", file, e.toString());
      state = State.STOPPED;
      sink.failed("cannot read the file: " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  private void startClock(long positionMillis) {
    clockBaseMillis = positionMillis;
    clockBaseNanos = nanoTime.getAsLong();
  }

  /** The playback position now, in ms of the file. */
  private long clock() {
    return clockBaseMillis + (nanoTime.getAsLong() - clockBaseNanos) / 1_000_000;
  }

  private void schedule(long delayMillis) {
    cancel();
    task = scheduler.schedule(this::tick, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private static void closeQuietly(MediaSource source) {
    try {
      source.close();
    } catch (IOException e) {
      LOG.debug("closing a media file: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "VodPlayer[" + file.getFileName() + ", " + state + "]";
  }
}
