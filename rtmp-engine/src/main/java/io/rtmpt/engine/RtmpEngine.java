package io.rtmpt.engine;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.Publisher;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.session.ConnectionLimitException;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.SessionListener;
import io.rtmpt.engine.session.SessionRegistry;
import io.rtmpt.engine.session.StreamGate;
import io.rtmpt.engine.session.Transport;
import java.util.List;
import java.util.Objects;

/**
 * The composition root of the RTMP server: configuration, live streams and the sessions of every
 * transport. Transports (the Netty TCP listener, the RTMPT servlets) ask it for a {@link
 * ServerSession} per connection; streams are shared between all of them, so a stream published over
 * RTMP plays over RTMPT and the other way round. Thread-safe.
 */
public final class RtmpEngine {
  private final EngineConfig config;
  private final EngineListener listener;
  private final StreamRegistry streams;
  private final SessionRegistry sessions;
  private final long startedAtMillis = System.currentTimeMillis();

  /** An engine without listener that accepts every publish and play. */
  public RtmpEngine(EngineConfig config) {
    this(config, EngineListener.NONE);
  }

  /** An engine reporting to {@code listener} that accepts every publish and play. */
  public RtmpEngine(EngineConfig config, EngineListener listener) {
    this(config, listener, StreamGate.ALLOW_ALL);
  }

  /**
   * An engine reporting to {@code listener}, with {@code gate} deciding every publish and play
   * request (access control, recording).
   */
  public RtmpEngine(EngineConfig config, EngineListener listener, StreamGate gate) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.streams = new StreamRegistry(config.maxGopBytes());
    this.sessions =
        new SessionRegistry(config.maxConnections(), config.session(), streams, listener, gate);
  }

  /**
   * A new session for a connection that a transport accepted.
   *
   * @param transport how the client is connected
   * @param remoteAddress the client's address and port as text, for logs and the console
   * @param sessionListener how the session wakes its transport up
   * @throws ConnectionLimitException when {@link EngineConfig#maxConnections()} are open
   */
  public ServerSession openSession(
      Transport transport, String remoteAddress, SessionListener sessionListener)
      throws ConnectionLimitException {
    return sessions.open(transport, remoteAddress, sessionListener);
  }

  /** The configuration the engine was built with. */
  public EngineConfig config() {
    return config;
  }

  /** The listener the engine reports to ({@link EngineListener#NONE} when none was given). */
  public EngineListener listener() {
    return listener;
  }

  /** The live streams of every transport. */
  public StreamRegistry streams() {
    return streams;
  }

  /** Wall-clock time ({@link System#currentTimeMillis}) the engine was built, in ms. */
  public long startedAtMillis() {
    return startedAtMillis;
  }

  /** Snapshots of every open session, oldest first. */
  public List<SessionInfo> sessions() {
    return sessions.infos();
  }

  /** The open session with that id, or null. */
  public ServerSession session(long id) {
    return sessions.get(id);
  }

  /** Sessions open now, all transports together. */
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

  /**
   * Refuses new sessions of every transport with {@code reason} (a transport closes the connection
   * at once, an RTMPT open fails), or accepts them again with null: a server being drained takes no
   * new clients and keeps its sessions.
   */
  public void refuseNewSessions(String reason) {
    sessions.refuseNewSessions(reason);
  }

  /**
   * Stops the streams of every session and tells their clients (players get Stream EOF and
   * NetStream.Play.Stop, publishers NetStream.Unpublish.Success), keeping the connections, so that
   * clients end cleanly before the server closes them: see {@link ServerSession#stopStreams}.
   *
   * @return how many sessions had streams to stop
   */
  public int stopStreams(String reason) {
    return sessions.stopStreams(reason);
  }

  /** Closes every session; used when the server stops. */
  public void closeAll(String reason) {
    sessions.closeAll(reason);
  }
}
