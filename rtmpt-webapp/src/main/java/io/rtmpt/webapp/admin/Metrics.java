package io.rtmpt.webapp.admin;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptCommand;
import io.rtmpt.webapp.tunnel.RtmptErrorKind;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus metrics of one web application, in a registry of its own (two deployments in one
 * container must not mix). Engine events feed counters labelled by transport (this class is the
 * engine listener that does it); the tunnel registry's totals and the open sessions are read at
 * scrape time through callbacks.
 *
 * <p>In engine mode the engine sees every client, tunnels included (as {@code rtmpt} and {@code
 * rtmpts}), so the {@code rtmpt_*} families cover all transports. In backend mode the engine is
 * idle: tunnels show in {@code rtmpt_sessions} and the {@code rtmpt_tunnel_*} families.
 */
public final class Metrics extends EngineListener {
  private static final int TRANSPORTS = Transport.values().length;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CounterDataPoint[] opened = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] rejected = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] protocolErrors = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] bytesIn = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] bytesOut = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] droppedFrames = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] publishes = new CounterDataPoint[TRANSPORTS];
  private final CounterDataPoint[] plays = new CounterDataPoint[TRANSPORTS];

  /**
   * @param engine the engine, for open sessions and streams
   * @param tunnels the tunnel registry, for its totals
   * @param engineMode whether tunnels lead to the engine (else to a backend)
   * @param backend the backend's health, or null in engine mode
   */
  public Metrics(
      RtmpEngine engine, RtmptSessionRegistry tunnels, boolean engineMode, BackendProbe backend) {
    Counter sessionsOpened =
        counter("rtmpt_sessions_opened_total", "Sessions opened, by transport", "transport");
    Counter errors =
        counter(
            "rtmpt_errors_total",
            "Sessions refused at the connection limit (rejected) or closed for a protocol violation"
                + " (protocol), by transport",
            "transport",
            "kind");
    Counter bytes =
        counter(
            "rtmpt_bytes_total",
            "RTMP bytes received from clients (in) and sent to them (out), by transport",
            "transport",
            "direction");
    Counter dropped =
        counter(
            "rtmpt_dropped_frames_total",
            "Whole frames dropped for players slower than their stream, by transport",
            "transport");
    Counter publishStarts =
        counter("rtmpt_publishes_total", "Publishes started, by transport", "transport");
    Counter playStarts = counter("rtmpt_plays_total", "Plays started, by transport", "transport");
    for (Transport t : Transport.values()) {
      int i = t.ordinal();
      opened[i] = sessionsOpened.labelValues(t.label());
      rejected[i] = errors.labelValues(t.label(), "rejected");
      protocolErrors[i] = errors.labelValues(t.label(), "protocol");
      bytesIn[i] = bytes.labelValues(t.label(), "in");
      bytesOut[i] = bytes.labelValues(t.label(), "out");
      droppedFrames[i] = dropped.labelValues(t.label());
      publishes[i] = publishStarts.labelValues(t.label());
      plays[i] = playStarts.labelValues(t.label());
    }

    GaugeWithCallback.builder()
        .name("rtmpt_sessions")
        .help("Open sessions, by transport (in backend mode: the tunnels)")
        .labelNames("transport")
        .callback(
            callback -> {
              int[] counts = engineMode ? engineSessions(engine) : tunnelSessions(tunnels);
              for (Transport t : Transport.values()) {
                callback.call(counts[t.ordinal()], t.label());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("rtmpt_streams")
        .help("Live streams of the in-process engine (with a publisher or waiting players)")
        .callback(callback -> callback.call(engine.streams().streams().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("rtmpt_start_time_seconds")
        .help("When the application started, in seconds since the epoch")
        .callback(callback -> callback.call(engine.startedAtMillis() / 1000.0))
        .register(registry);
    if (backend != null) {
      GaugeWithCallback.builder()
          .name("rtmpt_backend_up")
          .help("1 when the last TCP connect check of the backend RTMP server succeeded")
          .labelNames("backend")
          .callback(
              callback -> callback.call(backend.health().reachable() ? 1 : 0, backend.address()))
          .register(registry);
    }
    registerTunnelMetrics(tunnels);
  }

  private void registerTunnelMetrics(RtmptSessionRegistry tunnels) {
    CounterWithCallback.builder()
        .name("rtmpt_tunnel_sessions_opened_total")
        .help("RTMPT tunnels opened (RTMPT and RTMPTS)")
        .callback(callback -> callback.call(tunnels.statistics().sessionsOpened()))
        .register(registry);
    CounterWithCallback.builder()
        .name("rtmpt_tunnel_sessions_closed_total")
        .help("RTMPT tunnels closed, by reason")
        .labelNames("reason")
        .callback(
            callback -> {
              for (Map.Entry<RtmptCloseReason, Long> e :
                  tunnels.statistics().sessionsClosed().entrySet()) {
                callback.call(e.getValue(), label(e.getKey()));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("rtmpt_tunnel_requests_total")
        .help("RTMPT HTTP requests with a valid RTMPT path, by command")
        .labelNames("command")
        .callback(
            callback -> {
              for (Map.Entry<RtmptCommand, Long> e : tunnels.statistics().requests().entrySet()) {
                callback.call(e.getValue(), e.getKey().segment());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("rtmpt_tunnel_errors_total")
        .help("RTMPT requests not answered with 200 and data, by kind and HTTP status")
        .labelNames("kind", "status")
        .callback(
            callback -> {
              for (Map.Entry<RtmptErrorKind, Long> e : tunnels.statistics().errors().entrySet()) {
                callback.call(e.getValue(), label(e.getKey()), String.valueOf(e.getKey().status()));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("rtmpt_tunnel_bytes_total")
        .help("Tunnelled RTMP bytes, client to server (in) and server to client (out)")
        .labelNames("direction")
        .callback(
            callback -> {
              RtmptStatistics s = tunnels.statistics();
              callback.call(s.bytesIn(), "in");
              callback.call(s.bytesOut(), "out");
            })
        .register(registry);
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(labels)
        .withoutExemplars()
        .register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Open engine sessions by transport ordinal. */
  private static int[] engineSessions(RtmpEngine engine) {
    int[] counts = new int[TRANSPORTS];
    for (SessionInfo s : engine.sessions()) {
      counts[s.transport().ordinal()]++;
    }
    return counts;
  }

  /** Open tunnels by transport ordinal (RTMPT or RTMPTS). */
  static int[] tunnelSessions(RtmptSessionRegistry tunnels) {
    int[] counts = new int[TRANSPORTS];
    for (RtmptSessionInfo s : tunnels.sessions()) {
      counts[(s.secure() ? Transport.RTMPTS : Transport.RTMPT).ordinal()]++;
    }
    return counts;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Engine bytes received since start, all transports. */
  public long engineBytesIn() {
    return sum(bytesIn);
  }

  /** Engine bytes sent since start, all transports. */
  public long engineBytesOut() {
    return sum(bytesOut);
  }

  public long engineSessionsOpened() {
    return sum(opened);
  }

  /** Sessions refused at the limit plus sessions closed for protocol violations. */
  public long engineErrors() {
    return sum(rejected) + sum(protocolErrors);
  }

  public long droppedFrames() {
    return sum(droppedFrames);
  }

  private static long sum(CounterDataPoint[] points) {
    long total = 0;
    for (CounterDataPoint p : points) {
      total += p.getLongValue();
    }
    return total;
  }

  @Override
  public void sessionOpened(SessionInfo session) {
    opened[session.transport().ordinal()].inc();
  }

  @Override
  public void sessionRejected(Transport transport, String remoteAddress, String reason) {
    rejected[transport.ordinal()].inc();
  }

  @Override
  public void protocolError(SessionInfo session, String reason) {
    protocolErrors[session.transport().ordinal()].inc();
  }

  @Override
  public void publishStarted(SessionInfo session, StreamKey key) {
    publishes[session.transport().ordinal()].inc();
  }

  @Override
  public void playStarted(SessionInfo session, StreamKey key) {
    plays[session.transport().ordinal()].inc();
  }

  @Override
  public void bytes(Transport transport, long inbound, long outbound) {
    if (inbound > 0) {
      bytesIn[transport.ordinal()].inc(inbound);
    }
    if (outbound > 0) {
      bytesOut[transport.ordinal()].inc(outbound);
    }
  }

  @Override
  public void framesDropped(SessionInfo session, int frames) {
    droppedFrames[session.transport().ordinal()].inc(frames);
  }
}
