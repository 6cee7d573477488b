package io.rtmpt.webapp.access;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Access control of one gateway: its {@link AccessConfig}, the {@link CallbackClient} its callbacks
 * go through (also the one for recording's {@code on_record_done}), the {@link AccessGate} the
 * engine consults and the {@link AccessCounters} of refusals. {@link #close} stops the callback
 * client.
 */
public final class AccessControl implements AutoCloseable {
  private static final Duration LOG_FLUSH_PERIOD = Duration.ofSeconds(1);

  private final AccessConfig config;
  private final CallbackClient callbacks;
  private final AccessCounters counters = new AccessCounters();
  private final AccessGate gate;
  private final ScheduledExecutorService timer;

  private AccessControl(AccessConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.callbacks = new CallbackClient(config.callbacks());
    this.gate =
        new AccessGate(config, callbacks, counters, () -> System.currentTimeMillis() / 1000);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "rtmpt-access");
              thread.setDaemon(true);
              return thread;
            });
    long period = LOG_FLUSH_PERIOD.toMillis();
    timer.scheduleWithFixedDelay(gate::flushLog, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts the callback client and the gate. */
  public static AccessControl start(AccessConfig config) {
    return new AccessControl(config);
  }

  public AccessConfig config() {
    return config;
  }

  /** The engine's gate; also an engine listener, for {@code on_done}. */
  public AccessGate gate() {
    return gate;
  }

  /** Posts nginx-rtmp style callbacks; recording's {@code on_record_done} can use it too. */
  public CallbackClient callbacks() {
    return callbacks;
  }

  public AccessCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    callbacks.close();
  }
}
