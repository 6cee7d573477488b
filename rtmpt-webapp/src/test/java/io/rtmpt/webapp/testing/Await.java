package io.rtmpt.webapp.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for a condition: the only way tests here wait for something to happen. */
public final class Await {
  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** Returns as soon as {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    until(what, timeout, condition, () -> "");
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}; {@code details} goes into the failure message. */
  public static void until(String what, Duration timeout, BooleanSupplier condition,
      Supplier<String> details) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what + "\n" + details.get());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
