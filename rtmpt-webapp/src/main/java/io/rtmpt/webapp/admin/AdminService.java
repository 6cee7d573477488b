package io.rtmpt.webapp.admin;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.bridge.EnginePeerFactory;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the console, the API and the WebSocket show, and the operator's actions. It merges the
 * engine's sessions (native RTMP, and in engine mode the engine side of each tunnel) with the
 * tunnel registry's, keeps rates and a ring buffer of chart samples taken every {@link
 * #SAMPLE_PERIOD} by the admin timer ({@link #sample()}), and works out the warnings. Thread-safe:
 * snapshots may be taken from any thread.
 */
public final class AdminService {
  /** Chart resolution. */
  public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(2);

  /** Chart length: 10 minutes of samples. */
  public static final int HISTORY_SAMPLES = 300;

  /** A player that dropped frames within this is warned about. */
  static final Duration DROP_WINDOW = Duration.ofMinutes(1);

  /** Connector limits are looked up again after this (Tomcat's are fixed while it runs). */
  private static final Duration KEEP_ALIVE_RECHECK = Duration.ofMinutes(1);

  /** Share of a session limit in use that is warned about. */
  private static final double LIMIT_WARNING = 0.9;

  /** The console's data at one moment. */
  public record Snapshot(Overview overview, List<SessionRow> sessions, List<StreamRow> streams) {}

  /** A session's counts at the last sample, and the rates derived from the two last samples. */
  private record Tally(
      long bytesIn,
      long bytesOut,
      long requests,
      long nanos,
      long bitsIn,
      long bitsOut,
      double requestsPerSecond) {}

  /** What {@link #sample()} leaves for snapshots. */
  private record Rates(
      Map<String, Tally> tunnels,
      long bytesIn,
      long bytesOut,
      long nanos,
      long bitsIn,
      long bitsOut) {
    static final Rates NONE = new Rates(Map.of(), 0, 0, 0, 0, 0);
  }

  /** The last frames dropped for one player. */
  private record Drop(String player, long atMillis, long frames) {}

  private final RtmpEngine engine;
  private final RtmptSessionRegistry tunnels;
  private final boolean engineMode;
  private final EnginePeerFactory enginePeers;
  private final String rtmpListener;
  private final Metrics metrics;
  private final BackendProbe backend;
  private final AdminConfig admin;
  private final KeepAliveLimits keepAlive;
  private final String serverInfo;
  private final List<ConfigEntry> configuration;
  private final int maxTunnels;
  private final int maxEngineSessions;

  private final ArrayDeque<Sample> history = new ArrayDeque<>();
  private final ConcurrentHashMap<Long, Drop> drops = new ConcurrentHashMap<>();
  private volatile Rates rates = Rates.NONE;
  private volatile Map<String, Integer> keepAliveLimits = Map.of();
  private volatile long keepAliveCheckedAt;
  private volatile Runnable onChange = () -> {};

  /**
   * @param enginePeers the engine bridge (engine mode), or null in backend mode
   * @param rtmpListener the native RTMP listener's address, or null when it is off
   * @param backend the backend's probe (backend mode), or null in engine mode
   */
  public AdminService(
      RtmpEngine engine,
      RtmptSessionRegistry tunnels,
      EnginePeerFactory enginePeers,
      String rtmpListener,
      Metrics metrics,
      BackendProbe backend,
      AdminConfig admin,
      KeepAliveLimits keepAlive,
      String serverInfo,
      List<ConfigEntry> configuration) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.tunnels = Objects.requireNonNull(tunnels, "tunnels");
    this.engineMode = backend == null;
    this.enginePeers = enginePeers;
    this.rtmpListener = rtmpListener;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.backend = backend;
    this.admin = admin;
    this.keepAlive = keepAlive;
    this.serverInfo = serverInfo;
    this.configuration = List.copyOf(configuration);
    this.maxTunnels = tunnels.config().maxSessions();
    this.maxEngineSessions = engine.config().maxConnections();
  }

  /** Called after sessions and streams come and go, for the console to push at once. */
  public void onChange(Runnable listener) {
    onChange = Objects.requireNonNull(listener, "listener");
  }

  /** The engine listener that records dropped frames and reports changes. */
  public EngineListener engineListener() {
    return new EngineListener() {
      @Override
      public void sessionOpened(SessionInfo session) {
        onChange.run();
      }

      @Override
      public void sessionClosed(SessionInfo session, String reason) {
        onChange.run();
      }

      @Override
      public void publishStarted(SessionInfo session, StreamKey key) {
        onChange.run();
      }

      @Override
      public void publishStopped(SessionInfo session, StreamKey key) {
        onChange.run();
      }

      @Override
      public void playStarted(SessionInfo session, StreamKey key) {
        onChange.run();
      }

      @Override
      public void playStopped(SessionInfo session, StreamKey key) {
        onChange.run();
      }

      @Override
      public void framesDropped(SessionInfo session, int frames) {
        drops.merge(
            session.id(),
            new Drop(describe(session), System.currentTimeMillis(), frames),
            (old, now) -> new Drop(now.player(), now.atMillis(), old.frames() + now.frames()));
      }
    };
  }

  public List<ConfigEntry> configuration() {
    return configuration;
  }

  public boolean engineMode() {
    return engineMode;
  }

  /** The chart samples, oldest first. */
  public List<Sample> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /**
   * Takes one chart sample: bitrates since the previous one, open sessions; updates the tunnels'
   * request and byte rates. Called every {@link #SAMPLE_PERIOD} by one thread.
   */
  public Sample sample() {
    long nanos = System.nanoTime();
    Rates previous = rates;
    double seconds = previous.nanos() == 0 ? 0 : (nanos - previous.nanos()) / 1e9;
    Map<String, Tally> tallies = new HashMap<>();
    for (RtmptSessionInfo t : tunnels.sessions()) {
      Tally before = previous.tunnels().get(t.id());
      long bitsIn = 0;
      long bitsOut = 0;
      double rps = 0;
      if (before != null && nanos > before.nanos()) {
        double dt = (nanos - before.nanos()) / 1e9;
        bitsIn = Math.round((t.bytesIn() - before.bytesIn()) * 8 / dt);
        bitsOut = Math.round((t.bytesOut() - before.bytesOut()) * 8 / dt);
        rps = (t.requests() - before.requests()) / dt;
      }
      tallies.put(
          t.id(), new Tally(t.bytesIn(), t.bytesOut(), t.requests(), nanos, bitsIn, bitsOut, rps));
    }
    long bytesIn = totalBytesIn();
    long bytesOut = totalBytesOut();
    long bitsIn = seconds > 0 ? Math.round((bytesIn - previous.bytesIn()) * 8 / seconds) : 0;
    long bitsOut = seconds > 0 ? Math.round((bytesOut - previous.bytesOut()) * 8 / seconds) : 0;
    rates = new Rates(Map.copyOf(tallies), bytesIn, bytesOut, nanos, bitsIn, bitsOut);
    int[] open = openByTransport();
    Sample sample =
        new Sample(
            System.currentTimeMillis(),
            bitsIn,
            bitsOut,
            open[Transport.RTMP.ordinal()],
            open[Transport.RTMPS.ordinal()],
            open[Transport.RTMPT.ordinal()],
            open[Transport.RTMPTS.ordinal()],
            engineMode ? engine.streams().streams().size() : 0);
    synchronized (history) {
      if (history.size() == HISTORY_SAMPLES) {
        history.removeFirst();
      }
      history.addLast(sample);
    }
    long cutoff = System.currentTimeMillis() - DROP_WINDOW.toMillis();
    drops.values().removeIf(d -> d.atMillis() < cutoff);
    return sample;
  }

  /** Overview, sessions and streams, consistent with each other. */
  public Snapshot snapshot() {
    List<SessionInfo> engineSessions = engine.sessions();
    List<RtmptSessionInfo> tunnelSessions = tunnels.sessions();
    Rates r = rates;
    long now = System.currentTimeMillis();

    Map<Long, SessionInfo> byEngineId = new HashMap<>();
    for (SessionInfo s : engineSessions) {
      byEngineId.put(s.id(), s);
    }
    Map<Long, String> rowIdByEngineId = new HashMap<>();
    Set<Long> linked = new HashSet<>();
    List<SessionRow> rows = new ArrayList<>();
    for (RtmptSessionInfo t : tunnelSessions) {
      SessionInfo e = null;
      if (enginePeers != null) {
        OptionalLong id = enginePeers.engineSessionId(t.id());
        e = id.isPresent() ? byEngineId.get(id.getAsLong()) : null;
      }
      if (e != null) {
        linked.add(e.id());
        rowIdByEngineId.put(e.id(), tunnelRowId(t.id()));
      }
      rows.add(tunnelRow(t, e, r.tunnels().get(t.id()), now));
    }
    for (SessionInfo e : engineSessions) {
      if (!linked.contains(e.id())) {
        rowIdByEngineId.put(e.id(), engineRowId(e.id()));
        rows.add(engineRow(e, now));
      }
    }
    rows.sort(Comparator.comparingLong(SessionRow::openedAt).thenComparing(SessionRow::id));

    List<StreamRow> streams = new ArrayList<>();
    if (engineMode) {
      Map<String, Long> publisherByStream = new HashMap<>();
      for (SessionInfo e : engineSessions) {
        for (String key : e.publishing()) {
          publisherByStream.put(key, e.id());
        }
      }
      for (StreamSnapshot s : engine.streams().snapshots()) {
        String id = s.app() + "/" + s.name();
        Long publisher = s.publishing() ? publisherByStream.get(id) : null;
        streams.add(
            new StreamRow(
                id,
                s.app(),
                s.name(),
                s.publisher(),
                publisher == null ? null : rowIdByEngineId.get(publisher),
                s.publishedAtMillis(),
                s.videoCodec(),
                s.audioCodec(),
                (int) Math.round(s.width()),
                (int) Math.round(s.height()),
                s.frameRate(),
                s.bitsPerSecond(),
                s.bytesIn(),
                s.frames(),
                s.players()));
      }
      streams.sort(Comparator.comparing(StreamRow::id));
    }
    return new Snapshot(
        overview(engineSessions, tunnelSessions, streams, r, now),
        List.copyOf(rows),
        List.copyOf(streams));
  }

  public Optional<SessionRow> session(String id) {
    return snapshot().sessions().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<StreamRow> stream(String app, String name) {
    String id = app + "/" + name;
    return snapshot().streams().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /**
   * Disconnects a session by its {@link SessionRow#id()}: a tunnel is closed (and its engine
   * session with it), a direct connection is closed by the engine.
   *
   * @return false when there is no such session
   */
  public boolean disconnect(String rowId) {
    boolean done = false;
    if (rowId.startsWith("t-")) {
      done = tunnels.close(rowId.substring(2));
    } else if (rowId.startsWith("e-")) {
      try {
        done = engine.closeSession(Long.parseLong(rowId.substring(2)), "disconnected by operator");
      } catch (NumberFormatException e) {
        done = false;
      }
    }
    if (done) {
      onChange.run();
    }
    return done;
  }

  /**
   * Stops a live stream: its publisher is disconnected; players stay and are told.
   *
   * @return false when nobody publishes it (or in backend mode, where streams live in the backend)
   */
  public boolean stopStream(String app, String name) {
    boolean done = engineMode && engine.stopStream(new StreamKey(app, name), "stopped by operator");
    if (done) {
      onChange.run();
    }
    return done;
  }

  private Overview overview(
      List<SessionInfo> engineSessions,
      List<RtmptSessionInfo> tunnelSessions,
      List<StreamRow> streams,
      Rates r,
      long now) {
    int[] open = engineMode ? count(engineSessions) : Metrics.tunnelSessions(tunnels);
    Map<String, Integer> byTransport = new LinkedHashMap<>();
    int total = 0;
    for (Transport t : Transport.values()) {
      byTransport.put(t.label(), open[t.ordinal()]);
      total += open[t.ordinal()];
    }
    int players = 0;
    for (StreamRow s : streams) {
      players += s.players();
    }
    RtmptStatistics stats = tunnels.statistics();
    long tunnelErrors = 0;
    for (long n : stats.errors().values()) {
      tunnelErrors += n;
    }
    long tunnelRequests = 0;
    for (long n : stats.requests().values()) {
      tunnelRequests += n;
    }
    Totals totals =
        new Totals(
            totalBytesIn(),
            totalBytesOut(),
            metrics.engineSessionsOpened(),
            stats.sessionsOpened(),
            tunnelRequests,
            tunnelErrors,
            metrics.engineErrors(),
            metrics.droppedFrames());
    long started = engine.startedAtMillis();
    return new Overview(
        now,
        started,
        Math.max(0, (now - started) / 1000),
        serverInfo,
        engineMode ? "engine" : "backend",
        backend == null ? null : backend.health(),
        rtmpListener,
        byTransport,
        total,
        tunnelSessions.size(),
        streams.size(),
        players,
        r.bitsIn(),
        r.bitsOut(),
        totals,
        warnings(engineSessions.size(), tunnelSessions.size(), now));
  }

  private List<Warning> warnings(int engineSessions, int tunnelSessions, long now) {
    List<Warning> out = new ArrayList<>();
    if (backend != null) {
      BackendHealth health = backend.health();
      if (health.checkedAt() > 0 && !health.reachable()) {
        out.add(
            Warning.error(
                "backend-unreachable",
                "The backend RTMP server "
                    + health.address()
                    + " does not accept connections ("
                    + health.error()
                    + "): new tunnels fail with 502 until it is back."));
      }
    }
    for (Map.Entry<String, Integer> e : keepAliveLimits(now).entrySet()) {
      out.add(
          Warning.warning(
              "keep-alive-limit",
              "The HTTP connector on port "
                  + e.getKey()
                  + " closes a connection after "
                  + e.getValue()
                  + " requests (maxKeepAliveRequests): "
                  + "that cuts RTMPT tunnels; set maxKeepAliveRequests=\"-1\" on the Connector."));
    }
    if (tunnelSessions >= LIMIT_WARNING * maxTunnels) {
      out.add(
          Warning.warning(
              "tunnel-limit",
              tunnelSessions
                  + " of "
                  + maxTunnels
                  + " tunnels are open (rtmpt.max-sessions): new ones get 503 at the limit."));
    }
    if (engineMode && engineSessions >= LIMIT_WARNING * maxEngineSessions) {
      out.add(
          Warning.warning(
              "connection-limit",
              engineSessions
                  + " of "
                  + maxEngineSessions
                  + " engine sessions are open (rtmpt.engine.max-connections): new ones are refused"
                  + " at the limit."));
    }
    List<Drop> recent = new ArrayList<>(drops.values());
    recent.removeIf(d -> d.atMillis() < now - DROP_WINDOW.toMillis());
    if (!recent.isEmpty()) {
      recent.sort(Comparator.comparingLong(Drop::frames).reversed());
      Drop worst = recent.get(0);
      out.add(
          Warning.warning(
              "dropping-frames",
              recent.size()
                  + " player"
                  + (recent.size() == 1 ? "" : "s")
                  + " dropped frames in the last minute (most: "
                  + worst.player()
                  + ", "
                  + worst.frames()
                  + " frames): their links are slower than "
                  + "the streams they play."));
    }
    if (engineMode && rtmpListener == null) {
      out.add(
          Warning.info(
              "rtmp-listener-off",
              "The native RTMP listener is off "
                  + "(rtmpt.rtmp-port is 0): clients connect through RTMPT only."));
    }
    if (admin.metricsPublic()) {
      out.add(
          Warning.info(
              "metrics-public",
              "/metrics answers without authentication " + "(rtmpt.metrics-public is true)."));
    }
    return List.copyOf(out);
  }

  private Map<String, Integer> keepAliveLimits(long now) {
    if (keepAlive == null) {
      return Map.of();
    }
    if (now - keepAliveCheckedAt >= KEEP_ALIVE_RECHECK.toMillis()) {
      keepAliveLimits = Map.copyOf(keepAlive.limited());
      keepAliveCheckedAt = now;
    }
    return keepAliveLimits;
  }

  private SessionRow tunnelRow(RtmptSessionInfo t, SessionInfo e, Tally tally, long now) {
    String transport = (t.secure() ? Transport.RTMPTS : Transport.RTMPT).label();
    long opened = t.created().toEpochMilli();
    String tunnelState = t.state().name().toLowerCase(Locale.ROOT);
    return new SessionRow(
        tunnelRowId(t.id()),
        "tunnel",
        transport,
        t.remoteAddress() + ":" + t.remotePort(),
        t.userAgent(),
        e == null ? null : e.flashVer(),
        e == null ? null : e.app(),
        e == null ? List.of() : e.publishing(),
        e == null ? List.of() : e.playing(),
        e == null ? tunnelState : e.state(),
        tunnelState,
        t.bytesIn(),
        t.bytesOut(),
        tally == null ? 0 : tally.bitsIn(),
        tally == null ? 0 : tally.bitsOut(),
        t.requests(),
        tally == null ? 0.0 : round(tally.requestsPerSecond()),
        opened,
        Math.max(0, (now - opened) / 1000),
        t.lastActivity().toEpochMilli(),
        e == null ? 0 : e.droppedFrames(),
        t.id(),
        e == null ? null : e.id());
  }

  private static SessionRow engineRow(SessionInfo e, long now) {
    boolean tunnelled = e.transport() == Transport.RTMPT || e.transport() == Transport.RTMPTS;
    return new SessionRow(
        engineRowId(e.id()),
        tunnelled ? "tunnel" : "direct",
        e.transport().label(),
        e.remoteAddress(),
        null,
        e.flashVer(),
        e.app(),
        e.publishing(),
        e.playing(),
        e.state(),
        null,
        e.bytesIn(),
        e.bytesOut(),
        e.bitsPerSecondIn(),
        e.bitsPerSecondOut(),
        null,
        null,
        e.openedAtMillis(),
        Math.max(0, (now - e.openedAtMillis()) / 1000),
        e.lastActivityMillis(),
        e.droppedFrames(),
        null,
        e.id());
  }

  private long totalBytesIn() {
    return metrics.engineBytesIn() + (engineMode ? 0 : tunnels.statistics().bytesIn());
  }

  private long totalBytesOut() {
    return metrics.engineBytesOut() + (engineMode ? 0 : tunnels.statistics().bytesOut());
  }

  private int[] openByTransport() {
    return engineMode ? count(engine.sessions()) : Metrics.tunnelSessions(tunnels);
  }

  private static int[] count(List<SessionInfo> sessions) {
    int[] counts = new int[Transport.values().length];
    for (SessionInfo s : sessions) {
      counts[s.transport().ordinal()]++;
    }
    return counts;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  static String tunnelRowId(String tunnelId) {
    return "t-" + tunnelId;
  }

  static String engineRowId(long engineId) {
    return "e-" + engineId;
  }

  private static String describe(SessionInfo s) {
    return s.transport().label() + " " + s.remoteAddress() + " #" + s.id();
  }
}
