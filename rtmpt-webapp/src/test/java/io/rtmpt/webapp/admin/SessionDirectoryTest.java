package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.admin.SessionDirectory.Listing;
import io.rtmpt.webapp.admin.SessionDirectory.RowId;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Joining tunnels and engine sessions into the console's rows, and the row ids. */
class SessionDirectoryTest {
  private static final long NOW = 1_000_000;

  private static SessionInfo engineSession(long id, Transport transport, long openedAt) {
    return engineSession(id, transport, openedAt, HandshakeType.PLAIN);
  }

  private static SessionInfo engineSession(
      long id, Transport transport, long openedAt, HandshakeType handshake) {
    return new SessionInfo(
        id,
        transport,
        "10.0.0." + id + ":5000",
        "connected",
        "live",
        List.of("live/cam" + id),
        List.of(),
        "FMLE/3.0",
        openedAt,
        openedAt + 10,
        1000 * id,
        2000 * id,
        8000,
        16000,
        id,
        handshake);
  }

  private static RtmptSessionInfo tunnel(
      String id, boolean secure, long createdAt, OptionalLong engineSessionId) {
    return new RtmptSessionInfo(
        id,
        "10.0.1.1",
        4000,
        "ffmpeg",
        secure,
        Instant.ofEpochMilli(createdAt),
        Instant.ofEpochMilli(createdAt + 20),
        300,
        400,
        12,
        RtmptSessionInfo.State.HOLDING,
        engineSessionId);
  }

  @Test
  void aTunnelAndItsEngineSessionAreOneRowAndADirectConnectionAnother() {
    SessionInfo direct = engineSession(1, Transport.RTMP, 500);
    SessionInfo tunnelled = engineSession(2, Transport.RTMPTS, 700);
    RtmptSessionInfo tunnel = tunnel("abc", true, 690, OptionalLong.of(2));

    Listing listing =
        SessionDirectory.list(List.of(direct, tunnelled), List.of(tunnel), Map.of(), NOW);

    assertEquals(List.of("e-1", "t-abc"), listing.rows().stream().map(SessionRow::id).toList());
    SessionRow directRow = listing.rows().get(0);
    assertEquals("direct", directRow.kind());
    assertEquals("rtmp", directRow.transport());
    assertEquals("10.0.0.1:5000", directRow.clientAddress());
    assertNull(directRow.tunnelState());
    assertNull(directRow.requests());
    assertEquals(1L, directRow.engineSessionId());

    SessionRow tunnelRow = listing.rows().get(1);
    assertEquals("tunnel", tunnelRow.kind());
    assertEquals("rtmpts", tunnelRow.transport());
    assertEquals("10.0.1.1:4000", tunnelRow.clientAddress());
    assertEquals("ffmpeg", tunnelRow.userAgent());
    assertEquals("live", tunnelRow.app(), "what its engine session knows");
    assertEquals(List.of("live/cam2"), tunnelRow.publishing());
    assertEquals("connected", tunnelRow.state(), "the engine session's state");
    assertEquals("holding", tunnelRow.tunnelState());
    assertEquals(300, tunnelRow.bytesIn(), "the tunnel's bytes");
    assertEquals(12L, tunnelRow.requests());
    assertEquals((NOW - 690) / 1000, tunnelRow.ageSeconds());
    assertEquals("abc", tunnelRow.tunnelId());
    assertEquals(2L, tunnelRow.engineSessionId());

    assertEquals(Map.of(1L, "e-1", 2L, "t-abc"), listing.rowIdByEngineSession());
    assertEquals(Map.of("rtmp", 1, "rtmps", 0, "rtmpt", 0, "rtmpts", 1), listing.byTransport());
    assertEquals(
        List.of("rtmp", "rtmps", "rtmpt", "rtmpts"), List.copyOf(listing.byTransport().keySet()));
  }

  @Test
  void aTunnelWhoseEngineSessionEndedShowsItsOwnState() {
    RtmptSessionInfo orphan = tunnel("gone", false, 100, OptionalLong.of(9));

    Listing listing = SessionDirectory.list(List.of(), List.of(orphan), Map.of(), NOW);

    SessionRow row = listing.rows().get(0);
    assertEquals("t-gone", row.id());
    assertEquals("holding", row.state());
    assertNull(row.app());
    assertEquals(List.of(), row.playing());
    assertNull(row.engineSessionId());
    assertEquals(Map.of(), listing.rowIdByEngineSession());
    assertEquals(1, listing.byTransport().get("rtmpt"));
  }

  @Test
  void anEngineSessionWhoseTunnelIsGoneIsListedOnItsOwn() {
    SessionInfo leftOver = engineSession(4, Transport.RTMPT, 100);

    Listing listing = SessionDirectory.list(List.of(leftOver), List.of(), Map.of(), NOW);

    SessionRow row = listing.rows().get(0);
    assertEquals("e-4", row.id());
    assertEquals("tunnel", row.kind(), "an RTMPT engine session is a tunnel's");
    assertEquals(1, listing.byTransport().get("rtmpt"));
  }

  @Test
  void backendTunnelsAreTheOnlyRowsOldestFirstWithTheirRates() {
    RtmptSessionInfo late = tunnel("b", false, 300, OptionalLong.empty());
    RtmptSessionInfo early = tunnel("a", false, 200, OptionalLong.empty());
    RtmptSessionInfo sameTime = tunnel("c", false, 200, OptionalLong.empty());
    Map<String, ChartHistory.TunnelRate> rates =
        Map.of("b", new ChartHistory.TunnelRate(800, 1600, 2.46));

    Listing listing = SessionDirectory.list(List.of(), List.of(late, early, sameTime), rates, NOW);

    assertEquals(
        List.of("t-a", "t-c", "t-b"), listing.rows().stream().map(SessionRow::id).toList());
    SessionRow b = listing.rows().get(2);
    assertEquals(800, b.bitsPerSecondIn());
    assertEquals(1600, b.bitsPerSecondOut());
    assertEquals(2.5, b.requestsPerSecond(), "rounded to one decimal");
    assertEquals(0.0, listing.rows().get(0).requestsPerSecond(), "no rate yet");
    assertEquals(3, listing.byTransport().get("rtmpt"));
  }

  @Test
  void rtmpeShowsAsTheVariantTheClientSpeaksWhileTheTransportStaysTheMetricsLabel() {
    SessionInfo rtmpe = engineSession(1, Transport.RTMP, 100, HandshakeType.RTMPE);
    SessionInfo rtmpte = engineSession(2, Transport.RTMPT, 200, HandshakeType.RTMPE_XTEA);
    SessionInfo rtmpsE = engineSession(3, Transport.RTMPS, 300, HandshakeType.RTMPE);
    SessionInfo beforeC0 = engineSession(4, Transport.RTMP, 400, null);
    RtmptSessionInfo tunnel = tunnel("te", false, 190, OptionalLong.of(2));

    Listing listing =
        SessionDirectory.list(
            List.of(rtmpe, rtmpte, rtmpsE, beforeC0), List.of(tunnel), Map.of(), NOW);

    List<String> shown =
        listing.rows().stream()
            .map(r -> r.id() + " " + r.transport() + " " + r.variant() + " " + r.handshake())
            .toList();
    assertEquals(
        List.of(
            "e-1 rtmp rtmpe rtmpe",
            "t-te rtmpt rtmpte rtmpe-xtea",
            "e-3 rtmps rtmps+rtmpe rtmpe",
            "e-4 rtmp rtmp null"),
        shown);
    assertEquals(Map.of("rtmp", 2, "rtmps", 1, "rtmpt", 1, "rtmpts", 0), listing.byTransport());
  }

  @Test
  void inBackendModeTheTunnelsHandshakeComesFromItsPeer() {
    RtmptSessionInfo terminated = tunnel("e1", true, 100, OptionalLong.empty());
    RtmptSessionInfo plain = tunnel("p1", false, 200, OptionalLong.empty());
    RtmptSessionInfo silent = tunnel("s1", false, 300, OptionalLong.empty());
    Map<String, HandshakeType> seen = Map.of("e1", HandshakeType.RTMPE, "p1", HandshakeType.PLAIN);

    Listing listing =
        SessionDirectory.list(
            List.of(), List.of(terminated, plain, silent), Map.of(), seen::get, NOW);

    assertEquals(
        List.of("rtmpts+rtmpe", "rtmpt", "rtmpt"),
        listing.rows().stream().map(SessionRow::variant).toList());
    assertEquals(
        Arrays.asList("rtmpe", "rtmp", null),
        listing.rows().stream().map(SessionRow::handshake).toList());
  }

  @Test
  void rowIdsNameATunnelOrAnEngineSession() {
    assertEquals(Optional.of(new RowId("Ab3", null)), SessionDirectory.parse("t-Ab3"));
    assertEquals(Optional.of(new RowId(null, 42L)), SessionDirectory.parse("e-42"));
    assertEquals(Optional.empty(), SessionDirectory.parse("e-forty-two"));
    assertEquals(Optional.empty(), SessionDirectory.parse("t-"));
    assertEquals(Optional.empty(), SessionDirectory.parse("42"));
    assertEquals("t-Ab3", SessionDirectory.tunnelRowId("Ab3"));
    assertEquals("e-42", SessionDirectory.engineRowId(42));
  }
}
