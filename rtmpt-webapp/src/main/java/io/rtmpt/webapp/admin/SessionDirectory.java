package io.rtmpt.webapp.admin;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The console's list of client connections: joins the RTMPT tunnels with the upstream's RTMP
 * sessions into one {@link SessionRow} per client. A tunnel whose peer is an engine session ({@link
 * RtmptSessionInfo#engineSessionId()}) is one row, {@code t-<tunnel id>}, with what its engine
 * session knows (application, streams, state); every other engine session (a direct RTMP or RTMPS
 * connection) is a row {@code e-<engine session id>}. Those ids are what the operator's actions
 * take. A pure function of its inputs.
 */
final class SessionDirectory {
  private static final String TUNNEL_PREFIX = "t-";
  private static final String ENGINE_PREFIX = "e-";

  private SessionDirectory() {}

  /**
   * The rows of one moment.
   *
   * @param rows every client, oldest first
   * @param rowIdByEngineSession the row of each engine session
   * @param byTransport rows by transport label, every transport present, in {@link Transport} order
   */
  record Listing(
      List<SessionRow> rows,
      Map<Long, String> rowIdByEngineSession,
      Map<String, Integer> byTransport) {}

  /** A row id taken apart: a tunnel id or an engine session id. */
  record RowId(String tunnelId, Long engineSessionId) {}

  /**
   * Joins the two lists.
   *
   * @param sessions the upstream's RTMP sessions (empty in backend mode)
   * @param tunnels the open tunnels
   * @param rates each tunnel's recent rates by tunnel id; a tunnel without shows 0
   * @param nowMillis the time the rows' ages are taken at
   */
  static Listing list(
      List<SessionInfo> sessions,
      List<RtmptSessionInfo> tunnels,
      Map<String, ChartHistory.TunnelRate> rates,
      long nowMillis) {
    return list(sessions, tunnels, rates, id -> null, nowMillis);
  }

  /**
   * Joins the two lists.
   *
   * @param sessions the upstream's RTMP sessions (empty in backend mode)
   * @param tunnels the open tunnels
   * @param rates each tunnel's recent rates by tunnel id; a tunnel without shows 0
   * @param tunnelHandshakes the handshake type of a tunnel without engine session, by tunnel id, or
   *     null when unknown (backend mode)
   * @param nowMillis the time the rows' ages are taken at
   */
  static Listing list(
      List<SessionInfo> sessions,
      List<RtmptSessionInfo> tunnels,
      Map<String, ChartHistory.TunnelRate> rates,
      Function<String, HandshakeType> tunnelHandshakes,
      long nowMillis) {
    Map<Long, SessionInfo> byId = new HashMap<>();
    for (SessionInfo s : sessions) {
      byId.put(s.id(), s);
    }
    Map<Long, String> rowIds = new HashMap<>();
    List<SessionRow> rows = new ArrayList<>();
    for (RtmptSessionInfo t : tunnels) {
      SessionInfo e = null;
      if (t.engineSessionId().isPresent()) {
        e = byId.remove(t.engineSessionId().getAsLong());
      }
      if (e != null) {
        rowIds.put(e.id(), tunnelRowId(t.id()));
      }
      HandshakeType handshake = e != null ? e.handshake() : tunnelHandshakes.apply(t.id());
      rows.add(tunnelRow(t, e, handshake, rates.get(t.id()), nowMillis));
    }
    for (SessionInfo e : sessions) {
      if (byId.containsKey(e.id())) {
        rowIds.put(e.id(), engineRowId(e.id()));
        rows.add(engineRow(e, nowMillis));
      }
    }
    rows.sort(Comparator.comparingLong(SessionRow::openedAt).thenComparing(SessionRow::id));
    Map<String, Integer> byTransport = new LinkedHashMap<>();
    for (Transport t : Transport.values()) {
      byTransport.put(t.label(), 0);
    }
    for (SessionRow row : rows) {
      byTransport.merge(row.transport(), 1, Integer::sum);
    }
    return new Listing(
        List.copyOf(rows), Map.copyOf(rowIds), Collections.unmodifiableMap(byTransport));
  }

  static String tunnelRowId(String tunnelId) {
    return TUNNEL_PREFIX + tunnelId;
  }

  static String engineRowId(long engineSessionId) {
    return ENGINE_PREFIX + engineSessionId;
  }

  /** What a row id names; empty for text that is no row id. */
  static Optional<RowId> parse(String rowId) {
    if (rowId.startsWith(TUNNEL_PREFIX) && rowId.length() > TUNNEL_PREFIX.length()) {
      return Optional.of(new RowId(rowId.substring(TUNNEL_PREFIX.length()), null));
    }
    if (rowId.startsWith(ENGINE_PREFIX)) {
      try {
        return Optional.of(
            new RowId(null, Long.parseLong(rowId.substring(ENGINE_PREFIX.length()))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static SessionRow tunnelRow(
      RtmptSessionInfo t,
      SessionInfo e,
      HandshakeType handshake,
      ChartHistory.TunnelRate rate,
      long now) {
    Transport tunnelTransport = t.secure() ? Transport.RTMPTS : Transport.RTMPT;
    String transport = tunnelTransport.label();
    long opened = t.created().toEpochMilli();
    String tunnelState = t.state().name().toLowerCase(Locale.ROOT);
    return new SessionRow(
        tunnelRowId(t.id()),
        "tunnel",
        transport,
        SessionInfo.variant(tunnelTransport, handshake),
        handshake == null ? null : handshake.label(),
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
        rate == null ? 0 : rate.bitsPerSecondIn(),
        rate == null ? 0 : rate.bitsPerSecondOut(),
        t.requests(),
        rate == null ? 0.0 : Math.round(rate.requestsPerSecond() * 10) / 10.0,
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
        e.variant(),
        e.handshake() == null ? null : e.handshake().label(),
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
}
