package io.rtmpt.webapp.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the console's data to every open console WebSocket: everything once on connect ({@code
 * hello}, with the chart history), then an {@code update} after every sample and, soon after
 * sessions or streams come and go, between samples. Each console gets at most one message in
 * flight; while one is in flight only the newest waiting message is kept, so a slow console skips
 * states instead of queueing them (updates carry the last few samples, so the charts keep their
 * points).
 *
 * <p>The hub knows connections only as {@link Connection}s: the WebSocket API is touched by {@link
 * ConsoleEndpoint} alone, which is loaded only where the container has a WebSocket server, so that
 * the application deploys without one (the console then polls the JSON API).
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

  /** Why the server ends a console connection. */
  enum Goodbye {
    /** The application is stopping. */
    SERVER_STOPPING,
    /** A message could not be sent. */
    SEND_FAILED
  }

  /** One console connection, as the hub uses it; {@link ConsoleEndpoint} implements it. */
  interface Connection {
    /** Unique among the open connections. */
    String id();

    boolean isOpen();

    /**
     * Sends {@code text} without blocking; {@code sent} is called once, with null when it went out
     * or with the failure.
     *
     * @throws RuntimeException the send could not even be started
     */
    void send(String text, Consumer<Throwable> sent);

    /** Closes the connection; failures are the implementation's to log. */
    void close(Goodbye why);
  }

  private final AdminService service;
  private final ScheduledExecutorService timer;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final AtomicBoolean changePending = new AtomicBoolean();

  ConsoleHub(AdminService service, ScheduledExecutorService timer) {
    this.service = service;
    this.timer = timer;
  }

  /** A console connected: it gets everything. */
  void opened(Connection connection) {
    Client client = new Client(connection);
    clients.put(connection.id(), client);
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

  /** A console connection closed. */
  void closed(String connectionId) {
    clients.remove(connectionId);
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
      client.close(Goodbye.SERVER_STOPPING);
    }
    clients.clear();
  }

  /** One console connection and its send state. */
  private final class Client {
    private final Connection connection;
    private boolean inFlight;
    private String waiting;

    Client(Connection connection) {
      this.connection = connection;
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
        connection.send(message, this::sent);
      } catch (RuntimeException e) {
        LOG.debug("console {}: send failed: {}", connection.id(), e.toString());
        dropped();
      }
    }

    private void sent(Throwable failure) {
      if (failure != null) {
        LOG.debug("console {}: send failed: {}", connection.id(), failure.toString());
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
      clients.remove(connection.id());
      close(Goodbye.SEND_FAILED);
    }

    void close(Goodbye why) {
      try {
        if (connection.isOpen()) {
          connection.close(why);
        }
      } catch (RuntimeException e) {
        LOG.debug("console {}: close failed: {}", connection.id(), e.toString());
      }
    }
  }
}
