package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Engine mode ({@code rtmpt.bridge=engine}): the tunnels lead to sessions of an in-process {@link
 * RtmpEngine}, which also serves the native RTMP listener when {@code rtmpt.rtmp-port} is set, so
 * that a stream published over one transport plays over every other.
 */
public final class EngineUpstream implements Upstream {
  private final RtmpEngine engine;
  private final EngineCounters counters;
  private final EnginePeerFactory peers;
  private final RtmpServer rtmpServer;

  private EngineUpstream(RtmpEngine engine, EngineCounters counters, RtmpServer rtmpServer) {
    this.engine = engine;
    this.counters = counters;
    this.peers = new EnginePeerFactory(engine);
    this.rtmpServer = rtmpServer;
  }

  /**
   * Builds the engine with the configuration's limits and starts the native listener if the
   * configuration asks for one.
   *
   * @param counters counts the engine's events (and gives {@link #bytesIn()}, {@link #bytesOut()})
   * @param console the admin console's listener, told every event after {@code counters}
   * @throws IOException the native listener cannot bind its address (the message names it)
   */
  public static EngineUpstream start(
      WebappConfig config, EngineCounters counters, EngineListener console) throws IOException {
    RtmpEngine engine =
        new RtmpEngine(config.engine(), new EngineEvents(List.of(counters, console)));
    RtmpServer server = null;
    if (config.rtmpPort() > 0) {
      server = new RtmpServer(engine, config.rtmpHost(), config.rtmpPort()).start();
    }
    return new EngineUpstream(engine, counters, server);
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
  public int sessionCount() {
    return engine.sessionCount();
  }

  @Override
  public void refuseNewSessions(String reason) {
    engine.refuseNewSessions(reason);
  }

  @Override
  public int stopStreams(String reason) {
    return engine.stopStreams(reason);
  }

  @Override
  public void closeSessions(String reason) {
    engine.closeAll(reason);
  }

  /** Closes the native listener, then every session (their streams end with them). */
  @Override
  public void close() {
    if (rtmpServer != null) {
      rtmpServer.close();
    }
    engine.closeAll("server stopping");
  }
}
