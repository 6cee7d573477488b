package io.rtmpt.engine.monitor;

import java.util.function.LongSupplier;

/**
 * Counts bytes and reports a rate over a sliding window of whole seconds. Thread-safe; cheap enough
 * to call per frame.
 */
public final class RateMeter {
  private static final int WINDOW_SECONDS = 5;

  private final long[] buckets = new long[WINDOW_SECONDS + 1];
  private final LongSupplier clockMillis;
  private long currentSecond;
  private long total;

  /** A meter on the wall clock. */
  public RateMeter() {
    this(System::currentTimeMillis);
  }

  /** A meter on the given clock, in milliseconds (tests step it by hand). */
  public RateMeter(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.currentSecond = clockMillis.getAsLong() / 1000;
  }

  /** Counts {@code bytes} in the current second. */
  public synchronized void add(long bytes) {
    advance();
    buckets[(int) (currentSecond % buckets.length)] += bytes;
    total += bytes;
  }

  /** Bytes counted since the meter was made. */
  public synchronized long total() {
    return total;
  }

  /** Bits per second over the last complete seconds of the window. */
  public synchronized long bitsPerSecond() {
    advance();
    long sum = 0;
    for (int i = 1; i <= WINDOW_SECONDS; i++) {
      sum += buckets[(int) ((currentSecond - i) % buckets.length)];
    }
    return sum * 8 / WINDOW_SECONDS;
  }

  private void advance() {
    long now = clockMillis.getAsLong() / 1000;
    if (now <= currentSecond) {
      return;
    }
    long steps = Math.min(now - currentSecond, buckets.length);
    for (long i = 1; i <= steps; i++) {
      buckets[(int) ((currentSecond + i) % buckets.length)] = 0;
    }
    currentSecond = now;
  }
}
