package io.rtmpt.engine;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.Publisher;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.engine.session.ConnectionLimitException;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionEvents;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.SessionListener;
import io.rtmpt.engine.session.SessionRegistry;
import io.rtmpt.engine.session.StreamGate;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.engine.vod.VodLibrary;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the RTMP server: configuration, live streams and the sessions of every
 * transport. Transports (the Netty TCP listener, the RTMPT servlets) ask it for a {@link
 * ServerSession} per connection; streams are shared between all of them, so a stream published over
 * RTMP plays over RTMPT and the other way round. Thread-safe.
 *
 * <p>Sessions keep time by {@link ServerSession#tick}. The TCP listener ticks its own on their
 * event loops; the sessions of RTMPT tunnels, whose servlets have no thread between requests, are
 * ticked by one daemon thread of the engine ({@value #TICKER_THREAD}), which runs only while such
 * sessions are open or until {@link #close}.
 */
public final class RtmpEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpEngine.class);

  /** Name of the thread that ticks tunnelled sessions. */
  public static final String TICKER_THREAD = "rtmp-engine-ticker";

  private final EngineConfig config;
  private final EngineListener listener;
  private final StreamRegistry streams;
  private final SessionRegistry sessions;
  private final VodLibrary vod;
  private final Recordings recordings;
  private final LongSupplier nanoClock;
  private final long startedAtMillis = System.currentTimeMillis();
  private ScheduledExecutorService ticker; // guarded by this
  private boolean closed; // guarded by this

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
    this(config, listener, gate, System::nanoTime);
  }

  /**
   * As {@link #RtmpEngine(EngineConfig, EngineListener, StreamGate)}, with the clock sessions keep
   * time by ({@link System#nanoTime} style): tests pass a fake one and call {@link
   * ServerSession#tick} themselves.
   */
  public RtmpEngine(
      EngineConfig config, EngineListener listener, StreamGate gate, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.streams = new StreamRegistry(config.maxGopBytes());
    this.vod = new VodLibrary(config.vodDirectories());
    this.recordings = new Recordings(config.recording(), streams);
    SessionEvents events =
        config.recording().enabled() ? new RecordingEvents(listener, recordings) : listener;
    this.sessions =
        new SessionRegistry(
            config.maxConnections(), config.session(), streams, events, gate, vod, nanoClock);
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
    ServerSession session = sessions.open(transport, remoteAddress, sessionListener);
    if (transport.tunnelled()) {
      startTicker();
    }
    return session;
  }

  /** The engine's clock now, in nanoseconds: what its sessions keep time by. */
  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  private synchronized void startTicker() {
    if (ticker != null || closed) {
      return;
    }
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, TICKER_THREAD);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    long every = config.tickInterval().toMillis();
    executor.scheduleWithFixedDelay(this::tickTunnels, every, every, TimeUnit.MILLISECONDS);
    ticker = executor;
  }

  /** One round of the ticker: ticks every tunnelled session; stops when there is none. */
  private void tickTunnels() {
    int tunnelled = 0;
    for (ServerSession s : sessions.sessions()) {
      if (s.transport().tunnelled()) {
        tunnelled++;
        try {
          s.tick();
        } catch (RuntimeException e) { // a bug: keep ticking the others
          LOG.error("{}: tick failed", s.describe(), e);
        }
      }
    }
    if (tunnelled == 0) {
      stopTickerIfIdle();
    }
  }

  private synchronized void stopTickerIfIdle() {
    for (ServerSession s : sessions.sessions()) {
      if (s.transport().tunnelled()) {
        return; // one was opened meanwhile: it keeps the ticker
      }
    }
    if (ticker != null) {
      ticker.shutdown();
      ticker = null;
    }
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

  /** The recordings: start and stop them, list them, wire the on_record_done hook. */
  public Recordings recordings() {
    return recordings;
  }

  /** The applications that play files, and their directories. */
  public VodLibrary vod() {
    return vod;
  }

  /**
   * Closes every session open now, for {@code reason}; the engine keeps running (a drained node
   * that is resumed takes new sessions again, recordings and on-demand playback keep working).
   */
  public void closeSessions(String reason) {
    sessions.closeAll(reason);
  }

  /**
   * Closes every session; used when the server stops. Recordings in progress are finished (their
   * files closed by the writer threads) and the VOD scheduler is stopped.
   */
  public void closeAll(String reason) {
    sessions.closeAll(reason);
    recordings.close();
    vod.close();
  }

  /**
   * Stops the engine: its ticker thread ends (this waits for it, so that a container's thread-leak
   * check after undeploy finds none), every session still open is closed, recordings in progress
   * are finished and the VOD scheduler stops. Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      closed = true;
      stopping = ticker;
      ticker = null;
    }
    if (stopping != null) {
      stopping.shutdownNow();
      try {
        stopping.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeAll("engine closed");
  }
}
