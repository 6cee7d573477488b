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
  private static final String STOPPING = "server stopping";

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
        RtmpServer rtmp = new RtmpServer(engine, config.rtmpHost(), config.rtmpPort());
        onOwnThread("rtmpt-rtmp-start", rtmp::start);
        server = rtmp;
      } catch (IOException e) {
        engine.closeAll("server not started");
        throw new IOException(
            "the native RTMP listener ("
                + WebappConfig.RTMP_HOST
                + ", "
                + WebappConfig.RTMP_PORT
                + ") "
                + e.getMessage(),
            e);
      }
    }
    RtmpsListener rtmps = null;
    if (config.rtmps().enabled()) {
      RtmpsListener[] started = new RtmpsListener[1];
      try {
        // Netty's thread-locals stay on the thread that starts it: not a container thread.
        onOwnThread(
            "rtmpt-rtmps-start", () -> started[0] = RtmpsListener.start(engine, config.rtmps()));
        rtmps = started[0];
      } catch (IOException | RuntimeException e) {
        if (server != null) {
          RtmpServer listener = server;
          onOwnThread("rtmpt-rtmp-stop", listener::close);
        }
        engine.closeAll("server not started");
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
    engine.closeSessions(reason);
  }

  /**
   * Ends every session, each logged as ended by the server stopping (their streams end with them),
   * then closes the native listeners and their connections, then the rest of the engine (any
   * session that came meanwhile, recordings, video on demand, the thread that ticks tunnelled
   * sessions).
   */
  @Override
  public void close() {
    for (SessionInfo session : engine.sessions()) {
      engine.closeSession(session.id(), STOPPING);
    }
    try {
      if (rtmpServer != null) {
        onOwnThread("rtmpt-rtmp-stop", rtmpServer::close);
      }
      if (rtmpsListener != null) {
        onOwnThread("rtmpt-rtmps-stop", rtmpsListener::close);
      }
    } catch (IOException e) {
      throw new IllegalStateException("closing the native listeners", e);
    }
    engine.closeAll(STOPPING);
    engine.close();
  }

  /** Work that may throw an {@link IOException}. */
  @FunctionalInterface
  private interface Work {
    void run() throws IOException;
  }

  /**
   * Runs {@code work} on a thread of its own and waits for it. Netty leaves per-thread state (its
   * {@code InternalThreadLocalMap}, e.g. from setting up the listener's pipeline) on the thread
   * that starts or stops a server; on the container's deployment thread, which outlives the
   * application, Tomcat reports that as a leak when the application is undeployed. A thread that
   * ends takes it along.
   */
  private static void onOwnThread(String name, Work work) throws IOException {
    IOException[] failure = new IOException[1];
    RuntimeException[] bug = new RuntimeException[1];
    Thread thread =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (IOException e) {
                failure[0] = e;
              } catch (RuntimeException e) {
                bug[0] = e;
              }
            },
            name);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + name, e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    if (bug[0] != null) {
      throw bug[0];
    }
  }
}
