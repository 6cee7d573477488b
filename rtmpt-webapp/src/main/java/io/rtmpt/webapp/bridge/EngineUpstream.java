package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.StreamGate;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Engine mode ({@code rtmpt.bridge=engine}): the tunnels lead to sessions of an in-process {@link
 * RtmpEngine}, which also serves the native RTMP listener when {@code rtmpt.rtmp-port} is set and
 * the RTMPS one when {@code rtmpt.rtmps-port} is, so that a stream published over one transport
 * plays over every other.
 */
public final class EngineUpstream implements Upstream {
  private final RtmpEngine engine;
  private final EngineCounters counters;
  private final EnginePeerFactory peers;
  private final RtmpServer rtmpServer;
  private final RtmpsListener rtmpsListener;

  private EngineUpstream(
      RtmpEngine engine,
      EngineCounters counters,
      RtmpServer rtmpServer,
      RtmpsListener rtmpsListener) {
    this.engine = engine;
    this.counters = counters;
    this.peers = new EnginePeerFactory(engine);
    this.rtmpServer = rtmpServer;
    this.rtmpsListener = rtmpsListener;
  }

  /**
   * Builds the engine with the configuration's limits and starts the native listener if the
   * configuration asks for one.
   *
   * @param counters counts the engine's events (and gives {@link #bytesIn()}, {@link #bytesOut()})
   * @param console the admin console's listener, told every event after {@code counters}
   * @param gate decides every connect, publish and play (access control)
   * @param gateEvents told every event after the console (the gate's {@code on_done})
   * @throws IOException the native listener cannot bind its address (the message names it)
   */
  public static EngineUpstream start(
      WebappConfig config,
      EngineCounters counters,
      EngineListener console,
      StreamGate gate,
      EngineListener gateEvents)
      throws IOException {
    RtmpEngine engine =
        new RtmpEngine(
            config.engine(), new EngineEvents(List.of(counters, console, gateEvents)), gate);
    RtmpServer server = null;
    if (config.rtmpPort() > 0) {
      try {
        server = new RtmpServer(engine, config.rtmpHost(), config.rtmpPort()).start();
      } catch (IOException e) {
        throw new IOException(
            WebappConfig.RTMP_PORT + " " + config.rtmpPort() + ": " + e.getMessage(), e);
      }
    }
    RtmpsListener rtmps = null;
    if (config.rtmps().enabled()) {
      try {
        rtmps = RtmpsListener.start(engine, config.rtmps());
      } catch (IOException | RuntimeException e) {
        if (server != null) {
          server.close();
        }
        throw e;
      }
    }
    return new EngineUpstream(engine, counters, server, rtmps);
  }

  /** The engine, for tests and tools that look inside. */
  public RtmpEngine engine() {
    return engine;
  }

  @Override
  public Bridge bridge() {
    return Bridge.ENGINE;
  }

  @Override
  public TunnelPeerFactory peers() {
    return peers;
  }

  @Override
  public List<SessionInfo> sessions() {
    return engine.sessions();
  }

  @Override
  public List<StreamSnapshot> streams() {
    return engine.streams().snapshots();
  }

  @Override
  public Optional<String> describe(long sessionId) {
    return Optional.ofNullable(engine.session(sessionId)).map(ServerSession::describe);
  }

  @Override
  public OptionalInt sessionLimit() {
    return OptionalInt.of(engine.config().maxConnections());
  }

  @Override
  public Optional<String> rtmpListener() {
    return rtmpServer == null
        ? Optional.empty()
        : Optional.of(rtmpServer.host() + ":" + rtmpServer.port());
  }

  @Override
  public Optional<RtmpsListener> rtmpsListener() {
    return Optional.ofNullable(rtmpsListener);
  }

  @Override
  public HandshakeCounts handshakes() {
    return counters.handshakes();
  }

  @Override
  public Optional<HandshakeType> tunnelHandshake(String tunnelId) {
    return Optional.empty();
  }

  @Override
  public Optional<BackendProbe> backendProbe() {
    return Optional.empty();
  }

  @Override
  public long bytesIn() {
    return counters.total(EngineCounters.Count.BYTES_IN);
  }

  @Override
  public long bytesOut() {
    return counters.total(EngineCounters.Count.BYTES_OUT);
  }

  @Override
  public boolean closeSession(long sessionId, String reason) {
    return engine.closeSession(sessionId, reason);
  }

  @Override
  public boolean stopStream(StreamKey key, String reason) {
    return engine.stopStream(key, reason);
  }

  @Override
  public Optional<Recordings> recordings() {
    return engine.recordings().config().enabled()
        ? Optional.of(engine.recordings())
        : Optional.empty();
  }

  /**
   * Closes the native listeners, then every session (their streams end with them), then the engine
   * (its thread that ticks tunnelled sessions ends).
   */
  @Override
  public void close() {
    if (rtmpServer != null) {
      rtmpServer.close();
    }
    if (rtmpsListener != null) {
      rtmpsListener.close();
    }
    engine.closeAll("server stopping");
    engine.close();
  }
}
