package io.rtmpt.webapp.admin;

import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.record.RecordingInfo;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.bridge.BackendProbe;
import io.rtmpt.webapp.bridge.EngineCounters.Count;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.health.Drain;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the console, the API and the WebSocket show: {@link Snapshot}s of the overview, the sessions
 * ({@link SessionDirectory}) and the streams, with the rates of the {@link ChartHistory} and the
 * {@link Warnings}. Every number is read from its source ({@link Sources}), the same the metrics
 * read. Thread-safe: snapshots may be taken from any thread; {@link #sample()} runs on the admin
 * timer.
 */
public final class AdminService {
  /** Chart resolution: {@link #sample()} runs this often. */
  public static final Duration SAMPLE_PERIOD = ChartHistory.SAMPLE_PERIOD;

  /** The console's data at one moment. */
  public record Snapshot(Overview overview, List<SessionRow> sessions, List<StreamRow> streams) {}

  private final Sources sources;
  private final ConsoleEvents events;
  private final KeepAliveLimits keepAlive;
  private final Warnings.Limits limits;
  private final String serverInfo;
  private final List<ConfigEntry> configuration;
  private final ChartHistory history = new ChartHistory();
  private volatile boolean liveUpdates;

  /**
   * @param events the dropped frames the warnings report
   * @param keepAlive finds connectors that cut tunnels
   * @param metricsPublic whether {@code /metrics} answers without authentication
   * @param serverInfo the container's name and version
   * @param configuration the effective settings
   */
  AdminService(
      Sources sources,
      ConsoleEvents events,
      KeepAliveLimits keepAlive,
      boolean metricsPublic,
      String serverInfo,
      List<ConfigEntry> configuration) {
    this.sources = sources;
    this.events = events;
    this.keepAlive = keepAlive;
    this.limits =
        new Warnings.Limits(
            sources.tunnels().config().maxSessions(),
            sources.upstream().sessionLimit(),
            metricsPublic,
            sources.upstream().bridge() == Bridge.ENGINE
                ? sources.access().config().openForPublish()
                : List.of());
    this.serverInfo = serverInfo;
    this.configuration = List.copyOf(configuration);
  }

  public List<ConfigEntry> configuration() {
    return configuration;
  }

  /** The node's drain. */
  public Drain.Status drain() {
    return sources.drain().status();
  }

  /** Whether the console's WebSocket runs (set once it is registered). */
  void liveUpdates(boolean running) {
    liveUpdates = running;
  }

  /** The chart samples, oldest first. */
  public List<Sample> history() {
    return history.history();
  }

  /** Takes one chart sample; called every {@link #SAMPLE_PERIOD} by one thread. */
  public Sample sample() {
    List<RtmptSessionInfo> tunnels = sources.tunnels().sessions();
    SessionDirectory.Listing listing =
        SessionDirectory.list(
            sources.upstream().sessions(), tunnels, Map.of(), System.currentTimeMillis());
    return history.sample(
        System.nanoTime(),
        System.currentTimeMillis(),
        tunnels,
        sources.upstream().bytesIn(),
        sources.upstream().bytesOut(),
        listing.byTransport(),
        sources.upstream().streams().size());
  }

  /** Overview, sessions and streams, consistent with each other. */
  public Snapshot snapshot() {
    List<SessionInfo> sessions = sources.upstream().sessions();
    List<RtmptSessionInfo> tunnels = sources.tunnels().sessions();
    ChartHistory.Rates rates = history.rates();
    long now = System.currentTimeMillis();
    SessionDirectory.Listing listing =
        SessionDirectory.list(
            sessions,
            tunnels,
            rates.tunnels(),
            id -> sources.upstream().tunnelHandshake(id).orElse(null),
            now);
    List<StreamRow> streams = streams(sessions, listing.rowIdByEngineSession());
    Overview overview = overview(sessions.size(), tunnels.size(), listing, streams, rates, now);
    return new Snapshot(overview, listing.rows(), streams);
  }

  /** The recordings in progress; empty when recording is off. */
  public List<RecordingInfo> recordings() {
    return sources.upstream().recordings().map(Recordings::infos).orElse(List.of());
  }

  public Optional<SessionRow> session(String id) {
    return snapshot().sessions().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The native RTMPS listener and its certificate, when one runs. */
  public Optional<RtmpsStatus> rtmps() {
    return sources
        .upstream()
        .rtmpsListener()
        .map(l -> new RtmpsStatus(l.address(), l.certificate()));
  }

  public Optional<StreamRow> stream(String app, String name) {
    String id = app + "/" + name;
    return snapshot().streams().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  private List<StreamRow> streams(List<SessionInfo> sessions, Map<Long, String> rowIds) {
    Map<String, Long> publisherByStream = new HashMap<>();
    for (SessionInfo s : sessions) {
      for (String key : s.publishing()) {
        publisherByStream.put(key, s.id());
      }
    }
    List<StreamRow> rows = new ArrayList<>();
    for (StreamSnapshot s : sources.upstream().streams()) {
      Long publisher = s.publishing() ? publisherByStream.get(s.app() + "/" + s.name()) : null;
      StreamKey key = new StreamKey(s.app(), s.name());
      Boolean recording = sources.upstream().recordings().map(r -> r.isRecording(key)).orElse(null);
      rows.add(StreamRow.of(s, publisher == null ? null : rowIds.get(publisher), recording));
    }
    rows.sort(Comparator.comparing(StreamRow::id));
    return List.copyOf(rows);
  }

  private Overview overview(
      int engineSessions,
      int tunnels,
      SessionDirectory.Listing listing,
      List<StreamRow> streams,
      ChartHistory.Rates rates,
      long now) {
    int players = streams.stream().mapToInt(StreamRow::players).sum();
    RtmptStatistics stats = sources.tunnels().statistics();
    var counters = sources.counters();
    Totals totals =
        new Totals(
            sources.upstream().bytesIn(),
            sources.upstream().bytesOut(),
            counters.total(Count.SESSIONS_OPENED),
            stats.sessionsOpened(),
            stats.requests().values().stream().mapToLong(Long::longValue).sum(),
            stats.errors().values().stream().mapToLong(Long::longValue).sum(),
            counters.total(Count.SESSIONS_REJECTED) + counters.total(Count.PROTOCOL_ERRORS),
            counters.total(Count.DROPPED_FRAMES),
            sources.access().counters().total());
    BackendHealth backend =
        sources.upstream().backendProbe().map(BackendProbe::health).orElse(null);
    String rtmpListener = sources.upstream().rtmpListener().orElse(null);
    RtmpsStatus rtmps = rtmps().orElse(null);
    Warnings.Facts facts =
        new Warnings.Facts(
            sources.upstream().bridge(),
            backend,
            keepAlive.limited(now),
            tunnels,
            engineSessions,
            rtmpListener,
            drops(now),
            sources.upstream().recordings().map(Recordings::lastWarning).orElse(null),
            rtmps == null ? null : rtmps.certificate(),
            now);
    long started = sources.startedAtMillis();
    return new Overview(
        now,
        started,
        Math.max(0, (now - started) / 1000),
        serverInfo,
        sources.upstream().bridge().name().toLowerCase(Locale.ROOT),
        backend,
        rtmpListener,
        rtmps,
        listing.byTransport(),
        listing.rows().size(),
        tunnels,
        streams.size(),
        players,
        rates.bitsPerSecondIn(),
        rates.bitsPerSecondOut(),
        totals,
        sources.access().counters().nonZero(),
        Warnings.of(facts, limits),
        sources.drain().status(),
        liveUpdates);
  }

  /** The recent drops, each player described while it is open, by its row id once gone. */
  private List<Warnings.Drop> drops(long now) {
    List<Warnings.Drop> drops = new ArrayList<>();
    for (ConsoleEvents.Drop d : events.recentDrops(now)) {
      String player =
          sources
              .upstream()
              .describe(d.sessionId())
              .orElse(SessionDirectory.engineRowId(d.sessionId()));
      drops.add(new Warnings.Drop(player, d.frames()));
    }
    return drops;
  }
}
