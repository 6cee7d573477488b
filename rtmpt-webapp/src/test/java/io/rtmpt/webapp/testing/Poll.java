package io.rtmpt.webapp.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling for conditions that external programs make true. */
public final class Poll {
  private static final long INTERVAL_MILLIS = 100;

  private Poll() {}

  /** A condition that may throw (reading a log file, an HTTP request). */
  @FunctionalInterface
  public interface Condition {
    boolean met() throws Exception;
  }

  /**
   * Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}, or as soon
   * as {@code stillPossible} is false (the program it waits for has exited), with
   * {@code diagnostics} in the message.
   */
  public static void until(String what, Duration timeout, Condition condition,
      Condition stillPossible, Supplier<String> diagnostics) throws InterruptedException {
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
        throw new AssertionError((possible ? "not " + what + " after " + timeout
            : "gave up waiting until " + what + ": the program exited")
            + (last == null ? "" : " (last attempt: " + last + ")") + "\n" + diagnostics.get());
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }
}
