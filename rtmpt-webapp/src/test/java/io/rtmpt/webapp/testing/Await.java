package io.rtmpt.webapp.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for a condition: the only way tests here wait for something to happen, whether
 * the application, a thread or an external program makes it true.
 */
public final class Await {
  private static final long POLL_MILLIS = 20;

  private Await() {}

  /**
   * A condition that may throw (reading a log file, an HTTP request to a server still starting): an
   * exception counts as "not yet" and is reported if the wait fails.
   */
  @FunctionalInterface
  public interface Condition {
    boolean met() throws Exception;
  }

  /** Returns as soon as {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, Condition condition)
      throws InterruptedException {
    until(what, timeout, condition, () -> true, () -> "");
  }

  /**
   * As {@link #until(String, Duration, Condition)}; {@code details} goes into the failure message.
   */
  public static void until(
      String what, Duration timeout, Condition condition, Supplier<String> details)
      throws InterruptedException {
    until(what, timeout, condition, () -> true, details);
  }

  /**
   * As {@link #until(String, Duration, Condition, Supplier)}, and fails at once when {@code
   * stillPossible} is false (the program it waits for has exited).
   */
  public static void until(
      String what,
      Duration timeout,
      Condition condition,
      Condition stillPossible,
      Supplier<String> details)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (condition.met()) {
          return;
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      boolean possible;
      try {
        possible = stillPossible.met();
      } catch (Exception e) {
        possible = false;
      }
      if (!possible || System.nanoTime() > deadline) {
        throw new AssertionError(
            (possible
                    ? "not within " + timeout + ": " + what
                    : "gave up waiting until " + what + ": the program exited")
                + (last == null ? "" : " (last attempt: " + last + ")")
                + "\n"
                + details.get());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
