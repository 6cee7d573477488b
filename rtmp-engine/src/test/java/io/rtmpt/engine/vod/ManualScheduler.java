package io.rtmpt.engine.vod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a clock the test moves ({@link #advance}): tasks run on the test's thread when
 * they are due, so pacing is checked without waiting and without timing assertions. Only what
 * {@link VodPlayer} uses is supported: {@code execute} and {@code schedule(Runnable, ...)}.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final List<Task> tasks = new ArrayList<>();
  private long nowNanos;
  private long sequence;

  /** The clock, for the player's {@code nanoTime}. */
  long nanoTime() {
    return nowNanos;
  }

  /** Moves the clock on by {@code millis} and runs every task due by then, in time order. */
  void advance(long millis) {
    long target = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      Task next =
          tasks.stream()
              .filter(t -> !t.cancelled && t.atNanos <= target)
              .min(Comparator.comparingLong((Task t) -> t.atNanos).thenComparingLong(t -> t.order))
              .orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      nowNanos = Math.max(nowNanos, next.atNanos);
      next.run.run();
    }
    nowNanos = target;
    tasks.removeIf(t -> t.cancelled);
  }

  /** Tasks waiting (not cancelled). */
  int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(command, nowNanos + unit.toNanos(delay), sequence++);
    tasks.add(task);
    return task;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable run;
    final long atNanos;
    final long order;
    boolean cancelled;

    Task(Runnable run, long atNanos, long order) {
      this.run = run;
      this.atNanos = atNanos;
      this.order = order;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled || !tasks.contains(this);
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
