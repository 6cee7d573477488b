package io.rtmpt.engine;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.Publisher;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.SessionListener;
import io.rtmpt.engine.session.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the RTMP server: configuration, live streams and the sessions of every
 * transport. Transports (the Netty TCP listener, the RTMPT servlets) ask it for a {@link
 * ServerSession} per connection; streams are shared between all of them, so a stream published over
 * RTMP plays over RTMPT and the other way round.
 */
public final class RtmpEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpEngine.class);

  private final EngineConfig config;
  private final EngineListener listener;
  private final StreamRegistry streams;
  private final ConcurrentHashMap<Long, ServerSession> sessions = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final long startedAtMillis = System.currentTimeMillis();

  public RtmpEngine(EngineConfig config) {
    this(config, EngineListener.NONE);
  }

  public RtmpEngine(EngineConfig config, EngineListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.streams = new StreamRegistry(config.maxGopBytes());
  }

  /**
   * A new session for a connection that a transport accepted.
   *
   * @throws ConnectionLimitException when {@link EngineConfig#maxConnections()} are open
   */
  public ServerSession openSession(
      Transport transport, String remoteAddress, SessionListener sessionListener)
      throws ConnectionLimitException {
    if (sessions.size() >= config.maxConnections()) {
      String reason = "connection limit " + config.maxConnections() + " reached";
      LOG.warn("{} {}: refused, {}", transport.label(), remoteAddress, reason);
      listener.sessionRejected(transport, remoteAddress, reason);
      throw new ConnectionLimitException(reason);
    }
    long id = nextId.getAndIncrement();
    ServerSession session = new ServerSession(this, id, transport, remoteAddress, sessionListener);
    sessions.put(id, session);
    LOG.debug("{}: opened", session.describe());
    listener.sessionOpened(session.info());
    return session;
  }

  /** Called by a session once when it closes. */
  public void sessionClosed(ServerSession session, String reason) {
    if (sessions.remove(session.id()) != null) {
      SessionInfo info = session.info();
      LOG.info(
          "{}: closed ({}), {} bytes in, {} bytes out",
          session.describe(),
          reason,
          info.bytesIn(),
          info.bytesOut());
      listener.sessionClosed(info, reason);
    }
  }

  public EngineConfig config() {
    return config;
  }

  public EngineListener listener() {
    return listener;
  }

  public StreamRegistry streams() {
    return streams;
  }

  public long startedAtMillis() {
    return startedAtMillis;
  }

  /** Snapshots of every open session, oldest first. */
  public List<SessionInfo> sessions() {
    List<SessionInfo> out = new ArrayList<>();
    for (ServerSession s : sessions.values()) {
      out.add(s.info());
    }
    out.sort(Comparator.comparingLong(SessionInfo::id));
    return out;
  }

  public ServerSession session(long id) {
    return sessions.get(id);
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** Closes one session (operator action); false when there is no such session. */
  public boolean closeSession(long id, String reason) {
    ServerSession s = sessions.get(id);
    if (s == null) {
      return false;
    }
    s.close(reason);
    return true;
  }

  /** Ends a publish (operator action): the publisher is disconnected; false when not live. */
  public boolean stopStream(StreamKey key, String reason) {
    LiveStream stream = streams.get(key);
    Publisher publisher = stream == null ? null : stream.publisher();
    if (publisher == null) {
      return false;
    }
    publisher.stop(reason);
    return true;
  }

  /** Closes every session; used when the server stops. */
  public void closeAll(String reason) {
    for (ServerSession s : new ArrayList<>(sessions.values())) {
      s.close(reason);
    }
  }
}
