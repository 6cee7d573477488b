package io.rtmpt.webapp.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a gateway out of service without cutting what runs on it: new sessions are refused ({@code
 * /open/1} answered 503, so that a load balancer sends it to another node; new native RTMP
 * connections closed) and {@code /readyz} says 503, while the running sessions go on until they end
 * or the grace period ({@link DrainConfig#grace()}) is over. Then their clients are told the
 * streams stopped (in engine mode players get Stream EOF and NetStream.Play.Stop, so that they end
 * cleanly and disconnect by themselves) and are given {@link #FAREWELL} (at most the grace period)
 * to do so; whatever is still open after that is closed.
 *
 * <p>Begun by the operator ({@code POST /admin/api/drain}, undone by {@code resume}) or by the
 * application stopping ({@link #beginShutdown}, {@link #awaitDrained}: the executable's SIGTERM
 * hook, an undeploy). The transitions happen in {@link #begin}, {@link #resume} and {@link #tick},
 * which the gateway's timer calls every {@link #TICK}:
 *
 * <pre>
 *   SERVING --begin--&gt; DRAINING --grace over: clients told--&gt; STOPPING
 *                          |                                      |
 *                          +-- no session left ----&gt; DRAINED &lt;---+-- no session left, or
 *                                                                      FAREWELL over: rest closed
 *   DRAINING, STOPPING, DRAINED --resume (not once shutting down)--&gt; SERVING
 * </pre>
 *
 * <p>Thread-safe: transitions under this object's lock; {@link #state()} and {@link #status()} read
 * without it.
 */
public final class Drain {
  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

  /**
   * How long clients told that their streams stopped get to disconnect before they are cut: ffmpeg
   * needs one poll (well under 1 s) to read Play.Stop and post its {@code /close}.
   */
  public static final Duration FAREWELL = Duration.ofSeconds(5);

  /** How often the gateway calls {@link #tick()}. */
  public static final Duration TICK = Duration.ofMillis(200);

  /** What a drain acts on: every session of the gateway, tunnels and direct connections. */
  public interface Target {
    /** Sessions open now, tunnels and direct connections (0: nothing left to wait for). */
    int openSessions();

    /** Refuses new sessions (true), or accepts them again (false). */
    void refuseNewSessions(boolean refuse);

    /**
     * Stops every stream and tells its client, keeping the connections.
     *
     * @return how many sessions were told (0: nothing could be told, no need to wait)
     */
    int stopStreams(String reason);

    /** Closes every open session. */
    void closeAll();
  }

  /** Where a drain is. */
  public enum State {
    /** Taking new sessions: ready. */
    SERVING,
    /** Refusing new sessions; the running ones go on within the grace period. */
    DRAINING,
    /** The grace period is over: clients were told, the rest is closed after {@link #FAREWELL}. */
    STOPPING,
    /** Refusing new sessions, and none is open. */
    DRAINED;

    /** The name the API and the console show: {@code serving}, {@code draining}... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The drain as the API shows it.
   *
   * @param state {@code serving}, {@code draining}, {@code stopping} or {@code drained}
   * @param startedAt when the drain began (epoch millis), 0 while serving
   * @param graceEndsAt when its grace period ends or ended (epoch millis), 0 while serving
   * @param graceMillis the configured grace period
   * @param shuttingDown whether the application is stopping (then it cannot be resumed)
   */
  public record Status(
      String state, long startedAt, long graceEndsAt, long graceMillis, boolean shuttingDown) {}

  private final Duration grace;
  private final Duration farewell;
  private final Target target;
  private final LongSupplier nanoTime;

  private volatile State state = State.SERVING;
  private volatile long startedAtMillis;
  private volatile boolean shuttingDown;
  private long graceEndsNanos;
  private long farewellEndsNanos;

  /** A drain with the configured grace period, on the system's clock. */
  public Drain(DrainConfig config, Target target) {
    this(config.grace(), FAREWELL, target, System::nanoTime);
  }

  /** With its times and clock given (tests); the farewell is at most the grace period. */
  Drain(Duration grace, Duration farewell, Target target, LongSupplier nanoTime) {
    this.grace = Objects.requireNonNull(grace, "grace");
    this.farewell = farewell.compareTo(grace) > 0 ? grace : farewell;
    this.target = Objects.requireNonNull(target, "target");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  public State state() {
    return state;
  }

  /** True unless {@link State#SERVING}: new sessions are refused, {@code /readyz} says 503. */
  public boolean isDraining() {
    return state != State.SERVING;
  }

  public Duration grace() {
    return grace;
  }

  public Status status() {
    long started = state == State.SERVING ? 0 : startedAtMillis;
    return new Status(
        state.label(),
        started,
        started == 0 ? 0 : started + grace.toMillis(),
        grace.toMillis(),
        shuttingDown);
  }

  /**
   * SERVING to DRAINING: new sessions are refused from now on; the grace period starts.
   *
   * @param cause who or what asked, for the log
   * @return false when a drain was under way already (its grace period stands)
   */
  public synchronized boolean begin(String cause) {
    if (state != State.SERVING) {
      return false;
    }
    target.refuseNewSessions(true);
    startedAtMillis = System.currentTimeMillis();
    graceEndsNanos = nanoTime.getAsLong() + grace.toNanos();
    state = State.DRAINING;
    LOG.info(
        "draining ({}): new tunnels are refused (503), the {} open session(s) may go on for up to"
            + " {} ms (rtmpt.drain-grace-ms)",
        cause,
        target.openSessions(),
        grace.toMillis());
    tick();
    return true;
  }

  /**
   * Back to SERVING: new sessions are accepted again. Sessions already told that their streams
   * stopped are left to their clients.
   *
   * @return false when nothing was drained
   * @throws IllegalStateException while the application is shutting down
   */
  public synchronized boolean resume(String cause) {
    if (shuttingDown) {
      throw new IllegalStateException("the application is stopping: its drain cannot be undone");
    }
    if (state == State.SERVING) {
      return false;
    }
    target.refuseNewSessions(false);
    state = State.SERVING;
    LOG.info("drain undone ({}): new tunnels are accepted again", cause);
    return true;
  }

  /** Moves on when the grace period or the farewell is over, or no session is left. */
  public synchronized void tick() {
    State before = state;
    if (state == State.DRAINING || state == State.STOPPING) {
      advance();
    }
    if (state != before && state == State.DRAINED) {
      notifyAll();
    }
  }

  private void advance() {
    long now = nanoTime.getAsLong();
    int open = target.openSessions();
    if (open == 0) {
      state = State.DRAINED;
      LOG.info("drained: no session left after {} ms", sinceStart());
      return;
    }
    if (state == State.DRAINING && now - graceEndsNanos >= 0) {
      int told = target.stopStreams("server draining");
      farewellEndsNanos = now + (told > 0 ? farewell.toNanos() : 0);
      state = State.STOPPING;
      LOG.info(
          "drain: grace period over with {} session(s) open; {} told that their streams stopped,"
              + " the rest is closed {}",
          open,
          told,
          told > 0 ? "in " + farewell.toMillis() + " ms" : "now");
    }
    if (state == State.STOPPING && now - farewellEndsNanos >= 0) {
      int left = target.openSessions();
      if (left > 0) {
        target.closeAll();
        LOG.info("drain: closed the {} session(s) left after {} ms", left, sinceStart());
      }
      state = State.DRAINED;
      LOG.info("drained after {} ms", sinceStart());
    }
  }

  private long sinceStart() {
    return System.currentTimeMillis() - startedAtMillis;
  }

  /**
   * The application is stopping: drains, unless a drain is under way already (whose grace period
   * then stands); from now on it cannot be undone. Then {@link #awaitDrained()}.
   */
  public synchronized void beginShutdown() {
    shuttingDown = true;
    begin("application stopping");
  }

  /** {@link #beginShutdown()} and {@link #awaitDrained()}. */
  public boolean shutdown() throws InterruptedException {
    beginShutdown();
    return awaitDrained();
  }

  /**
   * Waits until no session is left, at most the grace period and the farewell from now, plus a
   * second; {@link #tick()} must keep running meanwhile.
   *
   * @return true when it drained in time
   */
  public boolean awaitDrained() throws InterruptedException {
    long waitNanos = grace.plus(farewell).plusSeconds(1).toNanos();
    long end = System.nanoTime() + waitNanos;
    synchronized (this) {
      while (state != State.DRAINED) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          LOG.warn("drain: {} session(s) still open when the wait ended", target.openSessions());
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }
}
