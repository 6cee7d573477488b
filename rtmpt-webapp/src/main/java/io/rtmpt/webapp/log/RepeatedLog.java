package io.rtmpt.webapp.log;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes a line that may repeat by the thousand (a refused tunnel, a refused publish) at most once
 * per interval and kind: the first line of an interval is written; the ones after it within the
 * interval are only counted; the next line after the interval, or {@link #flush} once it is over,
 * writes one line with the count and the last of them. So a flood of 1,000 refused opens from one
 * address writes two lines, not 1,000.
 *
 * <p>Thread-safe. Kinds are chosen by the caller and should be few (a reason, not an address).
 */
public final class RepeatedLog {
  /** How long lines of one kind are counted before the next is written: 10 s. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private enum Level {
    INFO,
    WARN
  }

  private static final class Kind {
    long windowStart;
    long suppressed;
    Level level;
    String last;
  }

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  public RepeatedLog(Logger log) {
    this(log, DEFAULT_INTERVAL, System::nanoTime);
  }

  /** With a clock of its own, for tests. */
  public RepeatedLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = Objects.requireNonNull(log, "log");
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** A WARNING line of {@code kind}, formatted as SLF4J does ({@code {}} placeholders). */
  public void warn(String kind, String format, Object... arguments) {
    log(Level.WARN, kind, format, arguments);
  }

  /** An INFO line of {@code kind}. */
  public void info(String kind, String format, Object... arguments) {
    log(Level.INFO, kind, format, arguments);
  }

  private void log(Level level, String kind, String format, Object[] arguments) {
    if (!(level == Level.WARN ? log.isWarnEnabled() : log.isInfoEnabled())) {
      return;
    }
    String message = MessageFormatter.arrayFormat(format, arguments).getMessage();
    long now = nanoTime.getAsLong();
    Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
    String summary = null;
    boolean write;
    synchronized (k) {
      write = k.level == null || now - k.windowStart >= intervalNanos;
      if (write) {
        summary = summary(k);
        k.windowStart = now;
        k.suppressed = 0;
      } else {
        k.suppressed++;
      }
      k.level = level;
      k.last = message;
    }
    if (summary != null) {
      write(level, summary);
    }
    if (write) {
      write(level, message);
    }
  }

  /**
   * Writes the count of every kind whose interval is over with lines not written; forgets kinds
   * that were quiet for a whole interval. Call it periodically (the tunnel's reaper does, every
   * second).
   */
  public void flush() {
    long now = nanoTime.getAsLong();
    for (Map.Entry<String, Kind> e : kinds.entrySet()) {
      Kind k = e.getValue();
      String summary = null;
      Level level;
      synchronized (k) {
        if (now - k.windowStart < intervalNanos) {
          continue;
        }
        level = k.level;
        summary = summary(k);
        if (summary == null) {
          kinds.remove(e.getKey(), k);
          continue;
        }
        k.windowStart = now;
        k.suppressed = 0;
      }
      write(level, summary);
    }
  }

  private String summary(Kind k) {
    if (k.suppressed == 0) {
      return null;
    }
    return k.suppressed
        + " more like this in the last "
        + Duration.ofNanos(intervalNanos).toSeconds()
        + " s, the last: "
        + k.last;
  }

  private void write(Level level, String message) {
    if (level == Level.WARN) {
      log.warn(message);
    } else {
      log.info(message);
    }
  }
}
