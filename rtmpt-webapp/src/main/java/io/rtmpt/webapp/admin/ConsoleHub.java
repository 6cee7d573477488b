package io.rtmpt.webapp.admin;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the console's data to every open console WebSocket: everything once on connect ({@code
 * hello}, with the chart history), then an {@code update} after every sample and, soon after
 * sessions or streams come and go, between samples. Each console gets at most one message in
 * flight; while one is in flight only the newest waiting message is kept, so a slow console skips
 * states instead of queueing them (updates carry the last few samples, so the charts keep their
 * points).
 */
final class ConsoleHub {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHub.class);

  /** How long a change waits for others before it is pushed. */
  static final long CHANGE_DELAY_MILLIS = 150;

  /** Samples repeated in each update. */
  static final int SAMPLES_PER_UPDATE = 5;

  /** The first message on a connection. */
  record Hello(
      String type,
      Overview overview,
      List<SessionRow> sessions,
      List<StreamRow> streams,
      List<Sample> history,
      long samplePeriodMillis,
      int historySamples) {}

  /** Every later message. */
  record Update(
      String type,
      Overview overview,
      List<SessionRow> sessions,
      List<StreamRow> streams,
      List<Sample> samples) {}

  private final AdminService service;
  private final ScheduledExecutorService timer;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final AtomicBoolean changePending = new AtomicBoolean();

  ConsoleHub(AdminService service, ScheduledExecutorService timer) {
    this.service = service;
    this.timer = timer;
  }

  /** A console connected: it gets everything. */
  void opened(Session session) {
    Client client = new Client(session);
    clients.put(session.getId(), client);
    AdminService.Snapshot s = service.snapshot();
    client.send(
        Json.write(
            new Hello(
                "hello",
                s.overview(),
                s.sessions(),
                s.streams(),
                service.history(),
                ChartHistory.SAMPLE_PERIOD.toMillis(),
                ChartHistory.HISTORY_SAMPLES)));
  }

  void closed(Session session) {
    clients.remove(session.getId());
  }

  /** Takes a sample and pushes it; run every {@link AdminService#SAMPLE_PERIOD}. */
  void tick() {
    try {
      service.sample();
      push();
    } catch (RuntimeException e) {
      LOG.warn("admin console sample failed", e);
    }
  }

  /** Sessions or streams changed: push soon, once for a burst of changes. */
  void changed() {
    if (clients.isEmpty() || !changePending.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.schedule(
          () -> {
            changePending.set(false);
            try {
              push();
            } catch (RuntimeException e) {
              LOG.warn("admin console push failed", e);
            }
          },
          CHANGE_DELAY_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      changePending.set(false); // stopping
    }
  }

  private void push() {
    if (clients.isEmpty()) {
      return;
    }
    AdminService.Snapshot s = service.snapshot();
    List<Sample> history = service.history();
    List<Sample> recent =
        history.subList(Math.max(0, history.size() - SAMPLES_PER_UPDATE), history.size());
    String message =
        Json.write(new Update("update", s.overview(), s.sessions(), s.streams(), recent));
    for (Client client : clients.values()) {
      client.send(message);
    }
  }

  /** Closes every console connection; the application is stopping. */
  void closeAll() {
    for (Client client : clients.values()) {
      client.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping"));
    }
    clients.clear();
  }

  /** One console connection and its send state. */
  private final class Client {
    private final Session session;
    private boolean inFlight;
    private String waiting;

    Client(Session session) {
      this.session = session;
    }

    void send(String message) {
      synchronized (this) {
        if (inFlight) {
          waiting = message;
          return;
        }
        inFlight = true;
      }
      write(message);
    }

    private void write(String message) {
      try {
        session.getAsyncRemote().sendText(message, this::sent);
      } catch (RuntimeException e) {
        LOG.debug("console {}: send failed: {}", session.getId(), e.toString());
        dropped();
      }
    }

    private void sent(SendResult result) {
      if (!result.isOK()) {
        LOG.debug(
            "console {}: send failed: {}", session.getId(), String.valueOf(result.getException()));
        dropped();
        return;
      }
      String next;
      synchronized (this) {
        next = waiting;
        waiting = null;
        if (next == null) {
          inFlight = false;
          return;
        }
      }
      write(next);
    }

    private void dropped() {
      clients.remove(session.getId());
      close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
    }

    void close(CloseReason reason) {
      try {
        if (session.isOpen()) {
          session.close(reason);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("console {}: close failed: {}", session.getId(), e.toString());
      }
    }
  }
}
