package io.rtmpt.webapp.tunnel;

import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.log.RepeatedLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open RTMPT sessions of one web application: creates them (within the session limits), finds
 * them by id, reaps those without a request for {@code sessionTimeout} (and, within a reaper
 * period, those whose peer has closed and been drained), and gives the admin console snapshots,
 * totals and a way to close one.
 *
 * <p>The application creates one with the configuration and the {@link TunnelPeerFactory} of its
 * bridge, hands it to the {@link RtmptServlet} it registers, and calls {@link #close()} when it
 * stops.
 */
public final class RtmptSessionRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RtmptSessionRegistry.class);

  /** Refused opens: one line per kind and 10 s with a count, however many arrive. */
  private final RepeatedLog refusals = new RepeatedLog(LOG);

  private static final Duration MAX_REAP_PERIOD = Duration.ofSeconds(1);
  private static final Duration MIN_REAP_PERIOD = Duration.ofMillis(10);

  private final RtmptConfig config;
  private final TunnelPeerFactory peerFactory;
  private final ConcurrentHashMap<String, RtmptSession> sessions = new ConcurrentHashMap<>();
  private final RtmptCounters counters = new RtmptCounters();
  private final SessionIds ids;
  private final ScheduledThreadPoolExecutor timer;

  private final Object limitLock = new Object();

  /** Sessions open or being opened, in total and by client address; guarded by limitLock. */
  private int reserved;

  private final Map<String, Integer> reservedByAddress = new HashMap<>();
  private boolean closed;
  private boolean refusingNew;

  private volatile IntFunction<OptionalInt> keepAliveLimits = port -> OptionalInt.empty();

  public RtmptSessionRegistry(RtmptConfig config, TunnelPeerFactory peerFactory) {
    this.config = Objects.requireNonNull(config, "config");
    this.peerFactory = Objects.requireNonNull(peerFactory, "peerFactory");
    this.ids = new SessionIds(config.nodeId());
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "rtmpt-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    long period = reapPeriod(config.sessionTimeout()).toNanos();
    timer.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.NANOSECONDS);
  }

  public RtmptConfig config() {
    return config;
  }

  /** Snapshots of the open sessions, oldest first. */
  public List<RtmptSessionInfo> sessions() {
    List<RtmptSessionInfo> infos = new ArrayList<>();
    for (RtmptSession session : sessions.values()) {
      infos.add(session.info());
    }
    infos.sort(Comparator.comparing(RtmptSessionInfo::created).thenComparing(RtmptSessionInfo::id));
    return infos;
  }

  /** A snapshot of one open session. */
  public Optional<RtmptSessionInfo> session(String id) {
    return find(id).map(RtmptSession::info);
  }

  /**
   * Closes one session (its peer too; its waiting requests get 404).
   *
   * @return false if no session with that id is open
   */
  public boolean close(String id) {
    return find(id).map(session -> session.end(RtmptCloseReason.ADMIN)).orElse(false);
  }

  /**
   * Tells the registry how many requests the container serves on one connection of each local port
   * before it closes it (Tomcat's {@code maxKeepAliveRequests}; empty: no limit, or unknown), so
   * that a tunnel cut by that limit is logged with its cause and its fix.
   */
  public void keepAliveLimits(IntFunction<OptionalInt> limitByLocalPort) {
    this.keepAliveLimits = Objects.requireNonNull(limitByLocalPort, "limitByLocalPort");
  }

  /**
   * Refuses (true) every new session from now on, {@code /open/1} answered {@link
   * RtmptErrorKind#DRAINING} (503) so that a load balancer sends it to another node, or accepts
   * them again (false). Open sessions are not touched.
   */
  public void refuseNewSessions(boolean refuse) {
    synchronized (limitLock) {
      refusingNew = refuse;
    }
  }

  /**
   * Closes every open session for {@code reason} (their peers too; their waiting requests get 404);
   * the registry stays open for new ones.
   *
   * @return how many sessions it closed
   */
  public int closeAll(RtmptCloseReason reason) {
    int ended = 0;
    for (RtmptSession session : new ArrayList<>(sessions.values())) {
      if (session.end(reason)) {
        ended++;
      }
    }
    return ended;
  }

  /** Sessions open now. */
  public int size() {
    return sessions.size();
  }

  /** Totals since the registry was created. */
  public RtmptStatistics statistics() {
    return counters.snapshot(sessions.size());
  }

  /** Stops the reaper and timers and closes every session. Idempotent. */
  @Override
  public void close() {
    synchronized (limitLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    timer.shutdownNow();
    for (RtmptSession session : new ArrayList<>(sessions.values())) {
      session.end(RtmptCloseReason.SHUTDOWN);
    }
    LOG.info("RTMPT session registry closed");
  }

  /**
   * Opens a session and its peer for a client's {@code /open/1}.
   *
   * @throws SessionRejectedException over a limit, while closing, or when the peer cannot be opened
   */
  RtmptSession open(
      String remoteAddress,
      int remotePort,
      String userAgent,
      boolean secure,
      RtmptSession.Connection connection)
      throws SessionRejectedException {
    reserve(remoteAddress);
    String id = ids.next();
    while (sessions.containsKey(id)) {
      id = ids.next();
    }
    TunnelClient client = new TunnelClient(id, remoteAddress, remotePort, userAgent, secure);
    RtmptSession session;
    try {
      session =
          new RtmptSession(
              client,
              connection,
              peerFactory,
              config,
              timer,
              counters,
              this::removed,
              port -> keepAliveLimits.apply(port));
    } catch (IOException | RuntimeException e) {
      release(remoteAddress);
      refusals.warn(
          "no-peer",
          "RTMPT /open/1 from {}:{}: no peer, answering {}: {}",
          remoteAddress,
          remotePort,
          RtmptErrorKind.PEER_UNAVAILABLE.status(),
          e instanceof IOException ? e.getMessage() : e.toString());
      throw new SessionRejectedException(RtmptErrorKind.PEER_UNAVAILABLE, "peer factory failed", e);
    }
    sessions.put(id, session);
    counters.opened();
    LOG.info(
        "RTMPT session {} opened: client {}:{}, agent '{}'{}",
        id,
        remoteAddress,
        remotePort,
        userAgent,
        secure ? ", TLS" : "");
    boolean closing;
    synchronized (limitLock) {
      closing = closed;
    }
    if (closing) {
      session.end(RtmptCloseReason.SHUTDOWN);
      throw new SessionRejectedException(RtmptErrorKind.SHUTTING_DOWN, "registry closed", null);
    }
    return session;
  }

  Optional<RtmptSession> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  RtmptCounters counters() {
    return counters;
  }

  private void reserve(String remoteAddress) throws SessionRejectedException {
    synchronized (limitLock) {
      if (closed) {
        throw new SessionRejectedException(RtmptErrorKind.SHUTTING_DOWN, "registry closed", null);
      }
      if (refusingNew) {
        LOG.debug("RTMPT /open/1 from {} refused (503): draining", remoteAddress);
        throw new SessionRejectedException(RtmptErrorKind.DRAINING, "draining", null);
      }
      if (reserved >= config.maxSessions()) {
        refusals.warn(
            "session-limit",
            "RTMPT /open/1 from {} refused (503): {} sessions open, the limit {} is {}",
            remoteAddress,
            reserved,
            "rtmpt.max-sessions",
            config.maxSessions());
        throw new SessionRejectedException(RtmptErrorKind.SESSION_LIMIT, "session limit", null);
      }
      int forAddress = reservedByAddress.getOrDefault(remoteAddress, 0);
      if (forAddress >= config.maxSessionsPerAddress()) {
        refusals.warn(
            "address-limit",
            "RTMPT /open/1 from {} refused (503): {} sessions open for this address, the limit {}"
                + " is {}",
            remoteAddress,
            forAddress,
            "rtmpt.max-sessions-per-address",
            config.maxSessionsPerAddress());
        throw new SessionRejectedException(RtmptErrorKind.ADDRESS_LIMIT, "address limit", null);
      }
      reserved++;
      reservedByAddress.put(remoteAddress, forAddress + 1);
    }
  }

  private void release(String remoteAddress) {
    synchronized (limitLock) {
      reserved--;
      reservedByAddress.computeIfPresent(remoteAddress, (address, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Called once per session, by the session, when it ends. */
  private void removed(RtmptSession session, RtmptCloseReason reason) {
    if (sessions.remove(session.id(), session)) {
      release(session.client().remoteAddress());
      counters.closed(reason);
    }
  }

  private void reap() {
    refusals.flush();
    long now = System.nanoTime();
    for (RtmptSession session : sessions.values()) {
      try {
        if (session.expireIfIdle(now, config.sessionTimeout())) {
          LOG.debug("RTMPT session {} reaped", session.id());
        }
      } catch (RuntimeException e) {
        LOG.error("RTMPT session {}: reaping failed", session.id(), e);
      }
    }
  }

  private static Duration reapPeriod(Duration sessionTimeout) {
    Duration quarter = sessionTimeout.dividedBy(4);
    if (quarter.compareTo(MIN_REAP_PERIOD) < 0) {
      return MIN_REAP_PERIOD;
    }
    return quarter.compareTo(MAX_REAP_PERIOD) > 0 ? MAX_REAP_PERIOD : quarter;
  }
}
