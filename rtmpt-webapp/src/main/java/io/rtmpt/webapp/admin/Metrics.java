package io.rtmpt.webapp.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.StreamGate;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.access.AccessCounters;
import io.rtmpt.webapp.access.Refusal;
import io.rtmpt.webapp.bridge.EngineCounters;
import io.rtmpt.webapp.bridge.EngineCounters.Count;
import io.rtmpt.webapp.bridge.HandshakeCounts;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptCommand;
import io.rtmpt.webapp.tunnel.RtmptErrorKind;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus metrics of one web application, in a registry of its own (two deployments in one
 * container must not mix). Every value is read at scrape time from its source ({@link Sources}),
 * the same the admin console reads: the engine's event counters, the open sessions as the console
 * lists them, the tunnel registry's totals, the backend's last check.
 *
 * <p>In engine mode the engine sees every client, tunnels included (as {@code rtmpt} and {@code
 * rtmpts}), so the {@code rtmpt_*} families cover all transports. In backend mode no engine runs:
 * its families stay 0, and tunnels show in {@code rtmpt_sessions} and the {@code rtmpt_tunnel_*}
 * families.
 */
public final class Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  public Metrics(Sources sources) {
    EngineCounters counters = sources.counters();
    byTransport(
        "rtmpt_sessions_opened_total",
        "Sessions opened, by transport",
        counters,
        Count.SESSIONS_OPENED);
    CounterWithCallback.builder()
        .name("rtmpt_errors_total")
        .help(
            "Sessions refused at the connection limit (rejected) or closed for a protocol violation"
                + " (protocol), by transport")
        .labelNames("transport", "kind")
        .callback(
            callback -> {
              for (Transport t : Transport.values()) {
                callback.call(counters.get(Count.SESSIONS_REJECTED, t), t.label(), "rejected");
                callback.call(counters.get(Count.PROTOCOL_ERRORS, t), t.label(), "protocol");
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("rtmpt_bytes_total")
        .help("RTMP bytes received from clients (in) and sent to them (out), by transport")
        .labelNames("transport", "direction")
        .callback(
            callback -> {
              for (Transport t : Transport.values()) {
                callback.call(counters.get(Count.BYTES_IN, t), t.label(), "in");
                callback.call(counters.get(Count.BYTES_OUT, t), t.label(), "out");
              }
            })
        .register(registry);
    byTransport(
        "rtmpt_dropped_frames_total",
        "Whole frames dropped for players slower than their stream, by transport",
        counters,
        Count.DROPPED_FRAMES);
    byTransport(
        "rtmpt_publishes_total", "Publishes started, by transport", counters, Count.PUBLISHES);
    byTransport("rtmpt_plays_total", "Plays started, by transport", counters, Count.PLAYS);

    GaugeWithCallback.builder()
        .name("rtmpt_sessions")
        .help(
            "Open client sessions as the console lists them, by transport: a tunnel counts once as"
                + " rtmpt or rtmpts, a direct connection as rtmp or rtmps")
        .labelNames("transport")
        .callback(
            callback ->
                SessionDirectory.list(
                        sources.upstream().sessions(),
                        sources.tunnels().sessions(),
                        Map.of(),
                        System.currentTimeMillis())
                    .byTransport()
                    .forEach((transport, open) -> callback.call(open, transport)))
        .register(registry);
    HandshakeCounts handshakes = sources.upstream().handshakes();
    CounterWithCallback.builder()
        .name("rtmpt_handshakes_total")
        .help(
            "Client handshakes by transport and by the type the client's C0 asked for (rtmp,"
                + " rtmpe, rtmpe-xtea, rtmpe-blowfish), accepted or refused by"
                + " rtmpt.handshake-types")
        .labelNames("transport", "type", "result")
        .callback(
            callback -> {
              for (Transport t : Transport.values()) {
                for (HandshakeType type : HandshakeType.values()) {
                  callback.call(handshakes.get(t, type, true), t.label(), type.label(), "accepted");
                  callback.call(handshakes.get(t, type, false), t.label(), type.label(), "refused");
                }
              }
            })
        .register(registry);
    sources
        .upstream()
        .rtmpsListener()
        .ifPresent(
            rtmps ->
                GaugeWithCallback.builder()
                    .name("rtmpt_rtmps_certificate_expiry_timestamp_seconds")
                    .help(
                        "When the certificate new RTMPS connections get stops being valid, in"
                            + " seconds since the epoch")
                    .callback(callback -> callback.call(rtmps.certificate().notAfter() / 1000.0))
                    .register(registry));
    GaugeWithCallback.builder()
        .name("rtmpt_streams")
        .help("Live streams of the in-process engine (with a publisher or waiting players)")
        .callback(callback -> callback.call(sources.upstream().streams().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("rtmpt_draining")
        .help(
            "1 while the node is being drained or is drained (new tunnels refused, /readyz 503),"
                + " 0 while it takes new tunnels")
        .callback(callback -> callback.call(sources.drain().isDraining() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("rtmpt_start_time_seconds")
        .help("When the application started, in seconds since the epoch")
        .callback(callback -> callback.call(sources.startedAtMillis() / 1000.0))
        .register(registry);
    sources
        .upstream()
        .backendProbe()
        .ifPresent(
            probe ->
                GaugeWithCallback.builder()
                    .name("rtmpt_backend_up")
                    .help("1 when the last TCP connect check of the backend RTMP server succeeded")
                    .labelNames("backend")
                    .callback(
                        callback ->
                            callback.call(probe.health().reachable() ? 1 : 0, probe.address()))
                    .register(registry));
    registerTunnelMetrics(sources.tunnels());
    AccessCounters access = sources.access().counters();
    CounterWithCallback.builder()
        .name("rtmpt_access_refused_total")
        .help(
            "Connects, publishes and plays refused by access control, by action and reason"
                + " (address, denied, no_token, expired_token, invalid_token, callback_refused...)")
        .labelNames("action", "reason")
        .callback(
            callback -> {
              for (StreamGate.Action action : StreamGate.Action.values()) {
                for (Refusal reason : Refusal.values()) {
                  callback.call(
                      access.refused(action, reason),
                      action.name().toLowerCase(Locale.ROOT),
                      reason.label());
                }
              }
            })
        .register(registry);
  }

  private void byTransport(String name, String help, EngineCounters counters, Count count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("transport")
        .callback(
            callback -> {
              for (Transport t : Transport.values()) {
                callback.call(counters.get(count, t), t.label());
              }
            })
        .register(registry);
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

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}
