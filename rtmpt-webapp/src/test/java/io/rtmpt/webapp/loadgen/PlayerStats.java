package io.rtmpt.webapp.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * What one player received: frames and media bytes in total, the frames of a measurement window (by
 * the publisher's sequence numbers, so that a frame counts however late it arrives), and the
 * latency of every frame into its group's {@link Recorder}.
 *
 * <p>The player's event loop writes; the benchmark thread opens and reads windows.
 */
public final class PlayerStats {
  private final Recorder latency;
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong mediaBytes = new AtomicLong();
  private final AtomicLong windowFrames = new AtomicLong();
  private volatile long windowFrom = Long.MAX_VALUE;
  private volatile long windowTo = Long.MAX_VALUE;

  /** Latency of each frame goes into {@code latency} (microseconds). */
  public PlayerStats(Recorder latency) {
    this.latency = latency;
  }

  /** A media message arrived: counts it and, for a generator frame, its latency and window. */
  void onMedia(byte[] payload, long arrivalNanos) {
    mediaBytes.addAndGet(payload.length);
    if (!MediaFrames.isFrame(payload)) {
      return;
    }
    frames.incrementAndGet();
    latency.recordValue(Math.max(0, (arrivalNanos - MediaFrames.sentNanos(payload)) / 1000));
    long sequence = MediaFrames.sequence(payload);
    if (sequence >= windowFrom && sequence <= windowTo) {
      windowFrames.incrementAndGet();
    }
  }

  /**
   * Starts counting the frames with sequence numbers from {@code from} on (use the publisher's next
   * sequence number: no frame of the window has arrived yet).
   */
  public void openWindow(long from) {
    windowFrom = Long.MAX_VALUE;
    windowTo = Long.MAX_VALUE;
    windowFrames.set(0);
    windowFrom = from;
  }

  /** Counts no frame after {@code to}; frames up to it still count when they arrive late. */
  public void closeWindow(long to) {
    windowTo = to;
  }

  /** Frames of the window received so far. */
  public long windowFrames() {
    return windowFrames.get();
  }

  /** Generator frames received so far. */
  public long frames() {
    return frames.get();
  }

  /** Bytes of audio, video and data messages received so far. */
  public long mediaBytes() {
    return mediaBytes.get();
  }
}
