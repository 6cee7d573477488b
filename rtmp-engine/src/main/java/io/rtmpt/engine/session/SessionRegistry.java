package io.rtmpt.engine.session;

import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.vod.VodLibrary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions of one engine: makes them (the only way to get a {@link ServerSession}), keeps
 * the connection limit, tracks them by id until they close, and is what each session needs of its
 * engine: its {@link SessionConfig}, the {@link StreamRegistry}, the {@link SessionEvents} sink,
 * the {@link StreamGate}, the {@link VodLibrary} of files to play, the clock, and the "I closed"
 * call. Thread-safe.
 */
public final class SessionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final int maxSessions;
  private final SessionConfig config;
  private final StreamRegistry streams;
  private final SessionEvents events;
  private final StreamGate gate;
  private final VodLibrary vod;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<Long, ServerSession> sessions = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  /** Why new sessions are refused now, or null while they are accepted. */
  private volatile String refusal;

  /**
   * An empty registry.
   *
   * @param maxSessions sessions open at once, all transports together; more are refused
   * @param config what each session is configured with
   * @param streams the live streams sessions publish to and play from
   * @param events where sessions report
   * @param gate what accepts or refuses each publish and play request
   */
  public SessionRegistry(
      int maxSessions,
      SessionConfig config,
      StreamRegistry streams,
      SessionEvents events,
      StreamGate gate) {
    this(maxSessions, config, streams, events, gate, VodLibrary.NONE, System::nanoTime);
  }

  /**
   * An empty registry whose sessions read time from {@code nanoClock} ({@link System#nanoTime} in
   * production, a fake clock in tests): when bytes came and went, and what their {@link
   * ServerSession#tick} finds due.
   */
  public SessionRegistry(
      int maxSessions,
      SessionConfig config,
      StreamRegistry streams,
      SessionEvents events,
      StreamGate gate,
      LongSupplier nanoClock) {
    this(maxSessions, config, streams, events, gate, VodLibrary.NONE, nanoClock);
  }

  /**
   * An empty registry whose sessions also play files.
   *
   * @param vod the applications that play files, and the scheduler their players run on
   * @param nanoClock the clock sessions read time from ({@link System#nanoTime} in production)
   */
  public SessionRegistry(
      int maxSessions,
      SessionConfig config,
      StreamRegistry streams,
      SessionEvents events,
      StreamGate gate,
      VodLibrary vod,
      LongSupplier nanoClock) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be positive: " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.config = Objects.requireNonNull(config, "config");
    this.streams = Objects.requireNonNull(streams, "streams");
    this.events = Objects.requireNonNull(events, "events");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.vod = Objects.requireNonNull(vod, "vod");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * A new session for a connection that a transport accepted.
   *
   * @param transport how the client is connected
   * @param remoteAddress the client's address and port as text, for logs and the console
   * @param listener how the session wakes its transport up
   * @throws ConnectionLimitException when {@code maxSessions} are open, or while new sessions are
   *     refused ({@link #refuseNewSessions})
   */
  public ServerSession open(Transport transport, String remoteAddress, SessionListener listener)
      throws ConnectionLimitException {
    String refused = refusal;
    if (refused != null) {
      LOG.debug("{} {}: refused, {}", transport.label(), remoteAddress, refused);
      events.sessionRejected(transport, remoteAddress, refused);
      throw new ConnectionLimitException(refused);
    }
    if (sessions.size() >= maxSessions) {
      String reason = "connection limit " + maxSessions + " reached";
      LOG.warn("{} {}: refused, {}", transport.label(), remoteAddress, reason);
      events.sessionRejected(transport, remoteAddress, reason);
      throw new ConnectionLimitException(reason);
    }
    long id = nextId.getAndIncrement();
    ServerSession session = new ServerSession(this, id, transport, remoteAddress, listener);
    sessions.put(id, session);
    LOG.debug("{}: opened", session.describe());
    events.sessionOpened(session.info());
    return session;
  }

  /** Snapshots of every open session, oldest first. */
  public List<SessionInfo> infos() {
    List<SessionInfo> out = new ArrayList<>();
    for (ServerSession s : sessions.values()) {
      out.add(s.info());
    }
    out.sort(Comparator.comparingLong(SessionInfo::id));
    return out;
  }

  /** The open session with that id, or null. */
  public ServerSession get(long id) {
    return sessions.get(id);
  }

  /** Sessions open now. */
  public int size() {
    return sessions.size();
  }

  /** Every open session, a copy (for the engine's tick of tunnelled sessions). */
  public List<ServerSession> sessions() {
    return List.copyOf(sessions.values());
  }

  /**
   * Refuses every new session from now on, with {@code reason} (e.g. "server draining"), or accepts
   * them again with null; open sessions are not touched.
   */
  public void refuseNewSessions(String reason) {
    refusal = reason;
  }

  /**
   * Stops the streams of every open session, telling each client ({@link
   * ServerSession#stopStreams}); the connections stay up.
   *
   * @return how many sessions had streams to stop
   */
  public int stopStreams(String reason) {
    int told = 0;
    for (ServerSession s : new ArrayList<>(sessions.values())) {
      if (s.stopStreams(reason) > 0) {
        told++;
      }
    }
    return told;
  }

  /** Closes every open session, for {@code reason}. */
  public void closeAll(String reason) {
    for (ServerSession s : new ArrayList<>(sessions.values())) {
      s.close(reason);
    }
  }

  SessionConfig config() {
    return config;
  }

  StreamRegistry streams() {
    return streams;
  }

  SessionEvents events() {
    return events;
  }

  StreamGate gate() {
    return gate;
  }

  VodLibrary vod() {
    return vod;
  }

  /** The engine's clock now, in nanoseconds ({@link System#nanoTime} style). */
  long nanoTime() {
    return nanoClock.getAsLong();
  }

  /** Called by a session once, when it closes. */
  void closed(ServerSession session, String reason) {
    if (sessions.remove(session.id()) != null) {
      SessionInfo info = session.info();
      LOG.info(
          "{}: closed ({}), {} bytes in, {} bytes out",
          session.describe(),
          reason,
          info.bytesIn(),
          info.bytesOut());
      events.sessionClosed(info, reason);
    }
  }
}
