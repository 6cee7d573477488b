package io.rtmpt.webapp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmptConfigTest {

  @Test
  void emptySettingsGiveTheNamedDefaults() {
    RtmptConfig config = RtmptConfig.from(new Settings(Map.of(), Map.of(), Map.of()));

    assertEquals(RtmptConfig.defaults(), config);
    assertEquals(Duration.ofMillis(200), config.idleHold());
    assertEquals(Duration.ofSeconds(10), config.sessionTimeout());
    assertEquals(1000, config.maxSessions());
    assertEquals(500, config.maxSessionsPerAddress());
    assertEquals(4 * 1024 * 1024, config.maxRequestBytes());
    assertEquals(256 * 1024, config.maxReplyBytes());
    assertEquals(8, config.reorderWindow());
    assertEquals(Duration.ofSeconds(5), config.reorderTimeout());
    assertNull(config.ident2Response());
    assertEquals("", config.nodeId());
  }

  @Test
  void theNodeIdIsReadAndMustBeLowerCaseLettersAndDigits() {
    assertEquals(
        "gw1",
        RtmptConfig.from(new Settings(Map.of(), Map.of("RTMPT_NODE_ID", "gw1"), Map.of()))
            .nodeId());

    for (String bad : new String[] {"GW1", "gw-1", "gw_1", "a23456789abcdefgh"}) {
      Settings settings = new Settings(Map.of("rtmpt.node-id", bad), Map.of(), Map.of());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RtmptConfig.from(settings));
      assertEquals(
          "rtmpt.node-id from servlet context init parameter rtmpt.node-id: '"
              + bad
              + "' is not 1 to 16 lower-case letters and digits",
          e.getMessage());
    }
  }

  @Test
  void everyKeyIsReadFromItsSetting() {
    Settings settings =
        new Settings(
            Map.of(
                "rtmpt.idle-hold-ms", "300",
                "rtmpt.session-timeout-ms", "4000",
                "rtmpt.max-sessions", "10",
                "rtmpt.max-sessions-per-address", "2",
                "rtmpt.max-request-bytes", "1024",
                "rtmpt.max-reply-bytes", "512"),
            Map.of(
                "RTMPT_REORDER_WINDOW", "4",
                "RTMPT_REORDER_TIMEOUT_MS", "1500",
                "RTMPT_IDENT2_RESPONSE", "10.0.0.1"),
            Map.of());

    RtmptConfig config = RtmptConfig.from(settings);

    assertEquals(
        new RtmptConfig(
            Duration.ofMillis(300),
            Duration.ofSeconds(4),
            10,
            2,
            1024,
            512,
            4,
            Duration.ofMillis(1500),
            "10.0.0.1"),
        config);
  }

  @Test
  void idleHoldOfZeroTurnsHoldingOff() {
    RtmptConfig config =
        RtmptConfig.from(new Settings(Map.of("rtmpt.idle-hold-ms", "0"), Map.of(), Map.of()));

    assertEquals(Duration.ZERO, config.idleHold());
  }

  @Test
  void zeroSessionTimeoutIsRefusedNamingTheSource() {
    Settings settings = new Settings(Map.of(), Map.of("RTMPT_SESSION_TIMEOUT_MS", "0"), Map.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RtmptConfig.from(settings));
    assertEquals(
        "rtmpt.session-timeout-ms from environment variable RTMPT_SESSION_TIMEOUT_MS: '0' must be"
            + " more than zero",
        e.getMessage());
  }

  @Test
  void zeroMaxSessionsIsRefusedNamingTheSource() {
    Settings settings = new Settings(Map.of(), Map.of(), Map.of("rtmpt.max-sessions", "0"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RtmptConfig.from(settings));
    assertEquals(
        "rtmpt.max-sessions from system property rtmpt.max-sessions: '0' is below the minimum 1",
        e.getMessage());
  }

  @Test
  void recordRefusesImpossibleValues() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RtmptConfig(
                Duration.ofMillis(-1),
                Duration.ofSeconds(1),
                1,
                1,
                1,
                1,
                0,
                Duration.ofSeconds(1),
                null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RtmptConfig(
                Duration.ZERO, Duration.ofSeconds(1), 1, 1, 1, 0, 0, Duration.ofSeconds(1), null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RtmptConfig(
                Duration.ZERO, Duration.ofSeconds(1), 1, 1, 1, 1, -1, Duration.ofSeconds(1), null));
  }
}
