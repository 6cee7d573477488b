package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.admin.Warnings.Drop;
import io.rtmpt.webapp.admin.Warnings.Facts;
import io.rtmpt.webapp.admin.Warnings.Limits;
import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.bridge.CertificateInfo;
import io.rtmpt.webapp.config.Bridge;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The warning rules, one by one and together, from facts written out in each test. */
class WarningsTest {
  private static final Limits ENGINE_LIMITS = new Limits(100, OptionalInt.of(1000), false);
  private static final Limits BACKEND_LIMITS = new Limits(100, OptionalInt.empty(), false);

  /** Engine mode with the native listener on, well within every limit. */
  private static Facts calmEngine() {
    return new Facts(Bridge.ENGINE, null, Map.of(), 3, 5, "0.0.0.0:1935", List.of());
  }

  private static Facts calmBackend(BackendHealth health) {
    return new Facts(Bridge.BACKEND, health, Map.of(), 3, 0, null, List.of());
  }

  private static List<String> codes(List<Warning> warnings) {
    return warnings.stream().map(w -> w.level() + " " + w.code()).toList();
  }

  @Test
  void aCalmGatewayHasNoWarning() {
    assertEquals(List.of(), Warnings.of(calmEngine(), ENGINE_LIMITS));
    BackendHealth reachable = new BackendHealth("10.0.0.1:1935", true, 1000, 2, null);
    assertEquals(List.of(), Warnings.of(calmBackend(reachable), BACKEND_LIMITS));
  }

  @Test
  void anUnreachableBackendIsAnErrorOnceChecked() {
    BackendHealth unchecked = new BackendHealth("10.0.0.1:1935", false, 0, -1, "not checked yet");
    assertEquals(List.of(), Warnings.of(calmBackend(unchecked), BACKEND_LIMITS));

    BackendHealth down = new BackendHealth("10.0.0.1:1935", false, 1000, -1, "Connection refused");
    List<Warning> warnings = Warnings.of(calmBackend(down), BACKEND_LIMITS);
    assertEquals(
        List.of(
            new Warning(
                "error",
                "backend-unreachable",
                "The backend RTMP server 10.0.0.1:1935 does not accept connections (Connection"
                    + " refused): new tunnels fail with 502 until it is back.")),
        warnings);
  }

  @Test
  void aConnectorThatLimitsKeepAliveRequestsIsNamedByPort() {
    Facts facts =
        new Facts(Bridge.ENGINE, null, Map.of("8080", 100), 3, 5, "0.0.0.0:1935", List.of());
    assertEquals(
        List.of(
            new Warning(
                "warning",
                "keep-alive-limit",
                "The HTTP connector on port 8080 closes a connection after 100 requests"
                    + " (maxKeepAliveRequests): that cuts RTMPT tunnels; set"
                    + " maxKeepAliveRequests=\"-1\" on the Connector.")),
        Warnings.of(facts, ENGINE_LIMITS));
  }

  @Test
  void tunnelsAreWarnedAboutFromNinetyPercentOfTheLimit() {
    Facts below = new Facts(Bridge.ENGINE, null, Map.of(), 89, 89, "0.0.0.0:1935", List.of());
    assertEquals(List.of(), Warnings.of(below, ENGINE_LIMITS));
    Facts at = new Facts(Bridge.ENGINE, null, Map.of(), 90, 90, "0.0.0.0:1935", List.of());
    assertEquals(
        List.of(
            new Warning(
                "warning",
                "tunnel-limit",
                "90 of 100 tunnels are open (rtmpt.max-sessions): new ones get 503 at the"
                    + " limit.")),
        Warnings.of(at, ENGINE_LIMITS));
  }

  @Test
  void engineSessionsAreWarnedAboutOnlyWhereThereIsAnEngine() {
    Limits small = new Limits(100, OptionalInt.of(10), false);
    Facts nine = new Facts(Bridge.ENGINE, null, Map.of(), 0, 9, "0.0.0.0:1935", List.of());
    assertEquals(
        List.of(
            new Warning(
                "warning",
                "connection-limit",
                "9 of 10 engine sessions are open (rtmpt.engine.max-connections): new ones are"
                    + " refused at the limit.")),
        Warnings.of(nine, small));
    Limits noEngine = new Limits(100, OptionalInt.empty(), false);
    assertEquals(List.of(), Warnings.of(calmBackend(null), noEngine));
  }

  @Test
  void playersDroppingFramesAreCountedAndTheWorstIsNamed() {
    Facts one =
        new Facts(
            Bridge.ENGINE,
            null,
            Map.of(),
            3,
            5,
            "0.0.0.0:1935",
            List.of(new Drop("rtmpt 10.0.0.9:5000 #7", 12)));
    assertEquals(
        "1 player dropped frames in the last minute (most: rtmpt 10.0.0.9:5000 #7, 12 frames):"
            + " their links are slower than the streams they play.",
        Warnings.of(one, ENGINE_LIMITS).get(0).message());

    Facts three =
        new Facts(
            Bridge.ENGINE,
            null,
            Map.of(),
            3,
            5,
            "0.0.0.0:1935",
            List.of(
                new Drop("rtmp 10.0.0.1:1 #1", 3),
                new Drop("rtmp 10.0.0.2:2 #2", 40),
                new Drop("e-3", 9)));
    Warning warning = Warnings.of(three, ENGINE_LIMITS).get(0);
    assertEquals("dropping-frames", warning.code());
    assertEquals(
        "3 players dropped frames in the last minute (most: rtmp 10.0.0.2:2 #2, 40 frames):"
            + " their links are slower than the streams they play.",
        warning.message());
  }

  @Test
  void theListenerBeingOffIsWorthKnowingOnlyInEngineMode() {
    Facts off = new Facts(Bridge.ENGINE, null, Map.of(), 3, 5, null, List.of());
    assertEquals(List.of("info rtmp-listener-off"), codes(Warnings.of(off, ENGINE_LIMITS)));
    BackendHealth reachable = new BackendHealth("10.0.0.1:1935", true, 1000, 2, null);
    assertEquals(List.of(), Warnings.of(calmBackend(reachable), BACKEND_LIMITS));
  }

  @Test
  void publicMetricsAreWorthKnowing() {
    Limits open = new Limits(100, OptionalInt.of(1000), true);
    assertEquals(List.of("info metrics-public"), codes(Warnings.of(calmEngine(), open)));
  }

  @Test
  void everythingAtOnceComesMostSevereFirst() {
    Map<String, Integer> connectors = new LinkedHashMap<>();
    connectors.put("8080", 100);
    connectors.put("8443", 50);
    Facts facts =
        new Facts(
            Bridge.BACKEND,
            new BackendHealth("10.0.0.1:1935", false, 1000, -1, "timeout"),
            connectors,
            95,
            0,
            null,
            List.of(new Drop("rtmpt 10.0.0.9:5000 #7", 12)));
    assertEquals(
        List.of(
            "error backend-unreachable",
            "warning keep-alive-limit",
            "warning keep-alive-limit",
            "warning tunnel-limit",
            "warning dropping-frames",
            "info metrics-public"),
        codes(Warnings.of(facts, new Limits(100, OptionalInt.empty(), true))));
  }

  private static Facts withCertificate(long notAfter, long now) {
    CertificateInfo certificate =
        new CertificateInfo(
            "CN=live.example.com", "CN=R11", "1a2b", now - 1000, notAfter, "keystore /x.p12");
    return new Facts(
        Bridge.ENGINE, null, Map.of(), 3, 5, "0.0.0.0:1935", List.of(), null, certificate, now);
  }

  @Test
  void anRtmpsCertificateNearItsEndIsAWarningAndAnExpiredOneAnError() {
    long now = 1_764_000_000_000L;
    long day = Duration.ofDays(1).toMillis();
    assertEquals(List.of(), Warnings.of(withCertificate(now + 15 * day, now), ENGINE_LIMITS));

    List<Warning> soon = Warnings.of(withCertificate(now + 13 * day + 5, now), ENGINE_LIMITS);
    assertEquals(
        List.of(
            new Warning(
                "warning",
                "certificate-expiring",
                "The RTMPS certificate CN=live.example.com (keystore /x.p12) expires at"
                    + " 2025-12-07T16:00:00.005Z, in 13 days: renew it.")),
        soon);

    List<Warning> expired = Warnings.of(withCertificate(now, now), ENGINE_LIMITS);
    assertEquals(List.of("error certificate-expired"), codes(expired));
    assertTrue(expired.get(0).message().contains("expired at 2025-11-24T16:00:00Z"));
  }
}
