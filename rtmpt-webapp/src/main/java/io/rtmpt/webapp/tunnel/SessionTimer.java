package io.rtmpt.webapp.tunnel;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMPT session's view of the registry's shared timer (hold and reorder timeouts): a task that
 * throws is logged and goes no further, and a timer that is shutting down schedules nothing (the
 * registry then ends every session itself).
 */
final class SessionTimer {
  private static final Logger LOG = LoggerFactory.getLogger(RtmptSession.class);

  private final String id;
  private final ScheduledExecutorService timer;

  SessionTimer(String id, ScheduledExecutorService timer) {
    this.id = id;
    this.timer = timer;
  }

  /** Runs {@code task} after {@code delay}; null when the timer is shutting down. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    Runnable guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.error("RTMPT session {}: timer task failed", id, e);
          }
        };
    try {
      return timer.schedule(guarded, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The registry is shutting down; it ends every session, this one included.
      return null;
    }
  }

  /** Cancels {@code future} unless it is null (nothing was scheduled); a running task finishes. */
  static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
