package io.rtmpt.webapp.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.health.Drain.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The drain's transitions, on a clock the test moves and sessions it opens and closes. */
class DrainTest {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration FAREWELL = Duration.ofSeconds(5);

  /** The gateway's sessions: a count the test sets, and a record of what the drain did. */
  private static final class Sessions implements Drain.Target {
    volatile int open;
    int toldOnStop;
    boolean refusing;
    final List<String> calls = new ArrayList<>();

    @Override
    public int openSessions() {
      return open;
    }

    @Override
    public void refuseNewSessions(boolean refuse) {
      refusing = refuse;
      calls.add(refuse ? "refuse" : "accept");
    }

    @Override
    public int stopStreams(String reason) {
      calls.add("stop streams: " + reason);
      return toldOnStop;
    }

    @Override
    public void closeAll() {
      calls.add("close " + open);
      open = 0;
    }
  }

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Sessions sessions = new Sessions();
  private final Drain drain = new Drain(GRACE, FAREWELL, sessions, nanos::get);

  private void at(Duration sinceBegin) {
    nanos.set(1_000_000_000L + sinceBegin.toNanos());
    drain.tick();
  }

  @Test
  void runningSessionsGoOnForTheGracePeriodThenAreToldAndTheRestClosedAfterTheFarewell() {
    sessions.open = 2;
    sessions.toldOnStop = 2;
    assertTrue(drain.begin("test"));
    assertEquals(State.DRAINING, drain.state());
    assertTrue(sessions.refusing);

    at(GRACE.minusMillis(1));
    assertEquals(State.DRAINING, drain.state());
    assertEquals(List.of("refuse"), sessions.calls);

    at(GRACE);
    assertEquals(State.STOPPING, drain.state());
    assertEquals(List.of("refuse", "stop streams: server draining"), sessions.calls);

    at(GRACE.plus(FAREWELL).minusMillis(1));
    assertEquals(State.STOPPING, drain.state());
    at(GRACE.plus(FAREWELL));
    assertEquals(State.DRAINED, drain.state());
    assertEquals(List.of("refuse", "stop streams: server draining", "close 2"), sessions.calls);
    assertTrue(sessions.refusing, "a drained node still refuses new sessions");
  }

  @Test
  void theDrainEndsAsSoonAsTheLastSessionDoes() {
    sessions.open = 1;
    drain.begin("test");
    at(Duration.ofSeconds(3));
    assertEquals(State.DRAINING, drain.state());
    sessions.open = 0;
    at(Duration.ofSeconds(4));
    assertEquals(State.DRAINED, drain.state());
    assertEquals(List.of("refuse"), sessions.calls, "nobody told, nothing closed");
  }

  @Test
  void clientsThatDisconnectOnceToldEndTheDrainBeforeTheFarewellIsOver() {
    sessions.open = 1;
    sessions.toldOnStop = 1;
    drain.begin("test");
    at(GRACE);
    assertEquals(State.STOPPING, drain.state());
    sessions.open = 0;
    at(GRACE.plusSeconds(1));
    assertEquals(State.DRAINED, drain.state());
    assertEquals(List.of("refuse", "stop streams: server draining"), sessions.calls);
  }

  @Test
  void whenNobodyCanBeToldTheRestIsClosedAtTheEndOfTheGracePeriod() {
    sessions.open = 3; // backend mode: tunnels whose bytes the gateway cannot add to
    sessions.toldOnStop = 0;
    drain.begin("test");
    at(GRACE);
    assertEquals(State.DRAINED, drain.state());
    assertEquals(List.of("refuse", "stop streams: server draining", "close 3"), sessions.calls);
  }

  @Test
  void aNodeWithoutSessionsIsDrainedAtOnce() {
    assertTrue(drain.begin("test"));
    assertEquals(State.DRAINED, drain.state());
  }

  @Test
  void aSecondBeginKeepsTheFirstGracePeriodAndResumeAcceptsNewSessionsAgain() {
    sessions.open = 1;
    sessions.toldOnStop = 1;
    assertFalse(drain.resume("test"), "nothing to resume");
    long started = System.currentTimeMillis();
    assertTrue(drain.begin("first"));
    Drain.Status status = drain.status();
    assertEquals("draining", status.state());
    assertTrue(status.startedAt() >= started, status.toString());
    assertEquals(status.startedAt() + GRACE.toMillis(), status.graceEndsAt());
    assertEquals(GRACE.toMillis(), status.graceMillis());

    at(Duration.ofSeconds(6));
    assertFalse(drain.begin("second"));
    at(GRACE);
    assertEquals(State.STOPPING, drain.state(), "the first begin's grace period stands");

    assertTrue(drain.resume("test"));
    assertEquals(State.SERVING, drain.state());
    assertFalse(sessions.refusing);
    assertEquals(new Drain.Status("serving", 0, 0, GRACE.toMillis(), false), drain.status());
    at(GRACE.plus(FAREWELL));
    assertEquals(State.SERVING, drain.state());
    assertEquals(
        List.of("refuse", "stop streams: server draining", "accept"),
        sessions.calls,
        "a resumed drain closes nothing");
  }

  @Test
  void shutdownDrainsWaitsForTheLastSessionAndCannotBeUndone() throws Exception {
    sessions.open = 1;
    CompletableFuture<Boolean> shutdown =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return drain.shutdown();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (drain.state() != State.DRAINING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(State.DRAINING, drain.state());
    assertTrue(drain.status().shuttingDown());
    assertThrows(IllegalStateException.class, () -> drain.resume("test"));
    assertFalse(shutdown.isDone(), "it waits while a session is open");

    sessions.open = 0;
    at(Duration.ofSeconds(1));
    assertTrue(shutdown.get(10, TimeUnit.SECONDS));
    assertEquals(State.DRAINED, drain.state());
  }
}
