package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.WebappConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend mode ({@code rtmpt.bridge=backend}): each tunnel is a TCP connection to a backend RTMP
 * server, bytes passed untouched. No engine is built: sessions and streams are the backend's own,
 * the native RTMP listener does not run (clients reach the backend directly), and the console sees
 * the backend through its {@link BackendProbe} and the bytes passed to it.
 */
public final class BackendUpstream implements Upstream {
  private static final Logger LOG = LoggerFactory.getLogger(BackendUpstream.class);

  /** The longest a reachability check waits for the backend to accept. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final BackendPeerFactory peers;
  private final BackendProbe probe;

  private BackendUpstream(BackendPeerFactory peers, BackendProbe probe) {
    this.peers = peers;
    this.probe = probe;
  }

  /** Starts the bridge's event loop; connects to nothing until a tunnel opens. */
  public static BackendUpstream start(WebappConfig config) {
    if (config.rtmpPort() > 0 || config.rtmps().enabled()) {
      LOG.info(
          "native RTMP{} listener not started: in backend mode clients reach the backend {}"
              + " directly",
          config.rtmpPort() > 0 ? "" : "S",
          config.backend());
    }
    Duration connectTimeout = config.backendConnectTimeout();
    BackendPeerFactory peers =
        new BackendPeerFactory(
                config.backend().host(),
                config.backend().port(),
                config.backendBufferBytes(),
                (int) connectTimeout.toMillis())
            .withRtmpe(config.engine().handshakePolicy(), config.backendRtmpe());
    Duration probeTimeout =
        connectTimeout.compareTo(PROBE_TIMEOUT) < 0 ? connectTimeout : PROBE_TIMEOUT;
    return new BackendUpstream(peers, new BackendProbe(config.backend(), probeTimeout));
  }

  @Override
  public Bridge bridge() {
    return Bridge.BACKEND;
  }

  /** The backend connections of the tunnels. */
  @Override
  public BackendPeerFactory peers() {
    return peers;
  }

  @Override
  public List<SessionInfo> sessions() {
    return List.of();
  }

  @Override
  public List<StreamSnapshot> streams() {
    return List.of();
  }

  @Override
  public Optional<String> describe(long sessionId) {
    return Optional.empty();
  }

  @Override
  public OptionalInt sessionLimit() {
    return OptionalInt.empty();
  }

  @Override
  public Optional<String> rtmpListener() {
    return Optional.empty();
  }

  @Override
  public Optional<RtmpsListener> rtmpsListener() {
    return Optional.empty();
  }

  @Override
  public HandshakeCounts handshakes() {
    return peers.handshakes();
  }

  @Override
  public Optional<HandshakeType> tunnelHandshake(String tunnelId) {
    return peers.handshake(tunnelId);
  }

  @Override
  public Optional<BackendProbe> backendProbe() {
    return Optional.of(probe);
  }

  /** Client bytes handed to the backend. */
  @Override
  public long bytesIn() {
    return peers.bytesToBackend();
  }

  /** Backend bytes fetched for the clients. */
  @Override
  public long bytesOut() {
    return peers.bytesToClients();
  }

  @Override
  public boolean closeSession(long sessionId, String reason) {
    return false;
  }

  @Override
  public boolean stopStream(StreamKey key, String reason) {
    return false;
  }

  @Override
  public void refuseNewSessions(String reason) {
    // the tunnels are the only sessions, refused at /open/1
  }

  /** Nothing: the tunnels pass the backend's bytes untouched, nothing can be added to them. */
  @Override
  public int stopStreams(String reason) {
    return 0;
  }

  @Override
  public void closeSessions(String reason) {
    // the tunnels are the only sessions; closing them closes their backend connections
  }

  /** Closes every backend connection and stops the event loop threads. */
  @Override
  public void close() {
    peers.close();
  }
}
