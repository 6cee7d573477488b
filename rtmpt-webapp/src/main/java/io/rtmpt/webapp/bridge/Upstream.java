package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the tunnels lead ({@code rtmpt.bridge}), and what the admin console and the metrics can
 * learn and do there: the in-process engine ({@link EngineUpstream}: sessions, streams, the native
 * RTMP listener) or a backend RTMP server ({@link BackendUpstream}: its reachability, the bytes
 * passed to it; its sessions and streams are the backend's own). Each implementation answers for
 * its mode; the rest of the application asks which mode it is in ({@link #bridge()}) only to say
 * so: the console's overview, a warning rule, why an action cannot be done.
 *
 * <p>Built once at startup by the gateway; thread-safe. {@link #close()} stops it (the native
 * listener, then the engine's sessions; or the backend connections).
 */
public sealed interface Upstream extends AutoCloseable permits EngineUpstream, BackendUpstream {

  /** Which bridge this is. */
  Bridge bridge();

  /** Opens the peer of each new tunnel. */
  TunnelPeerFactory peers();

  /**
   * The RTMP sessions this gateway serves itself, oldest first: every engine session, direct or
   * tunnelled; empty for a backend (the tunnels are its only sessions).
   */
  List<SessionInfo> sessions();

  /** The live streams served here; empty for a backend, whose streams are its own. */
  List<StreamSnapshot> streams();

  /** A session's description for logs and the console ("rtmp 1.2.3.4:5 #7"), while it is open. */
  Optional<String> describe(long sessionId);

  /** The most sessions {@link #sessions()} may hold ({@code rtmpt.engine.max-connections}). */
  OptionalInt sessionLimit();

  /** The native RTMP listener's bound address (host:port), when one runs. */
  Optional<String> rtmpListener();

  /** The native RTMPS listener, when one runs (engine mode, {@code rtmpt.rtmps-port}). */
  Optional<RtmpsListener> rtmpsListener();

  /**
   * Client handshakes by transport and type: the engine's sessions, or the tunnels of the backend
   * bridge (which looks at every tunnel's C0, whether it terminates RTMPE or passes it).
   */
  HandshakeCounts handshakes();

  /**
   * The handshake type a tunnel's client asked for, where only the tunnel's peer knows it (backend
   * mode); empty in engine mode, where the tunnel's engine session tells it ({@code
   * SessionInfo.handshake()}).
   */
  Optional<HandshakeType> tunnelHandshake(String tunnelId);

  /** The backend's reachability check, in backend mode. */
  Optional<BackendProbe> backendProbe();

  /** RTMP bytes received from clients since start, every transport. */
  long bytesIn();

  /** RTMP bytes sent to clients since start, every transport. */
  long bytesOut();

  /**
   * Closes one of {@link #sessions()} (operator action).
   *
   * @return false when there is no such session
   */
  boolean closeSession(long sessionId, String reason);

  /**
   * Ends a live stream (operator action): its publisher is disconnected, players stay and wait.
   *
   * @return false when nobody publishes it here
   */
  boolean stopStream(StreamKey key, String reason);

  /** The engine's recordings; empty in backend mode, where the backend server records. */
  default Optional<Recordings> recordings() {
    return Optional.empty();
  }

  /** How many of {@link #sessions()} are open now. */
  default int sessionCount() {
    return sessions().size();
  }

  /**
   * Refuses new sessions of this upstream's own, with {@code reason}, or accepts them again with
   * null: in engine mode the native RTMP listener then closes every new connection at once (a
   * drained node takes no new clients); tunnels are refused at their {@code /open/1} by the tunnel
   * registry. A backend has no sessions of its own.
   */
  void refuseNewSessions(String reason);

  /**
   * Stops the streams of every one of {@link #sessions()} and tells their clients, keeping the
   * connections, so that they can end them themselves (engine mode: players get Stream EOF and
   * NetStream.Play.Stop, publishers NetStream.Unpublish.Success). A backend's tunnels carry bytes
   * the gateway cannot add to: nothing is told there.
   *
   * @return how many sessions were told
   */
  int stopStreams(String reason);

  /** Closes every one of {@link #sessions()}, for {@code reason}; the upstream keeps running. */
  void closeSessions(String reason);

  /** Stops what this upstream runs; idempotent. */
  @Override
  void close();
}
