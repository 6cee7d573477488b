package io.rtmpt.webapp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final String KEY = "rtmpt.idle-hold-ms";
  private static final String ENV = "RTMPT_IDLE_HOLD_MS";

  private enum Mode {
    IN_PROCESS,
    BACKEND_PROXY
  }

  @Test
  void contextParameterWinsOverEnvironmentAndSystemProperty() {
    Settings settings = new Settings(Map.of(KEY, "100"), Map.of(ENV, "200"), Map.of(KEY, "300"));

    assertEquals(Duration.ofMillis(100), settings.getDuration(KEY, Duration.ofMillis(1)));
    assertEquals(Settings.Source.CONTEXT_PARAMETER, settings.sourceOf(KEY));
  }

  @Test
  void environmentWinsOverSystemProperty() {
    Settings settings = new Settings(Map.of(), Map.of(ENV, "200"), Map.of(KEY, "300"));

    assertEquals(Duration.ofMillis(200), settings.getDuration(KEY, Duration.ofMillis(1)));
    assertEquals("environment variable RTMPT_IDLE_HOLD_MS", settings.describe(KEY));
  }

  @Test
  void systemPropertyWinsOverDefault() {
    Settings settings = new Settings(Map.of(), Map.of(), Map.of(KEY, "300"));

    assertEquals(Duration.ofMillis(300), settings.getDuration(KEY, Duration.ofMillis(1)));
    assertEquals("system property rtmpt.idle-hold-ms", settings.describe(KEY));
  }

  @Test
  void defaultAppliesWhenNoSourceHasTheSetting() {
    Settings settings = new Settings(Map.of("other", "1"), Map.of("OTHER", "2"), Map.of());

    assertEquals(Duration.ofMillis(7), settings.getDuration(KEY, Duration.ofMillis(7)));
    assertEquals(Settings.Source.DEFAULT, settings.sourceOf(KEY));
    assertEquals("built-in default", settings.describe(KEY));
  }

  @Test
  void blankValueFallsThroughToTheNextSource() {
    Settings settings = new Settings(Map.of(KEY, "  "), Map.of(ENV, ""), Map.of(KEY, " 42 "));

    assertEquals(42, settings.getInt(KEY, 0));
  }

  @Test
  void environmentNameIsUpperCaseWithUnderscores() {
    assertEquals(
        "RTMPT_MAX_SESSIONS_PER_ADDRESS",
        Settings.environmentName("rtmpt.max-sessions-per-address"));
  }

  @Test
  void badNumberFromEnvironmentNamesSettingSourceAndValue() {
    Settings settings = new Settings(Map.of(), Map.of(ENV, "abc"), Map.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings.getInt(KEY, 0));
    assertEquals(
        "rtmpt.idle-hold-ms from environment variable RTMPT_IDLE_HOLD_MS: 'abc' is not a number",
        e.getMessage());
  }

  @Test
  void badDurationFromEnvironmentNamesSettingSourceAndValue() {
    Settings settings = new Settings(Map.of(), Map.of(ENV, "abc"), Map.of());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getDuration(KEY, Duration.ZERO));
    assertEquals(
        "rtmpt.idle-hold-ms from environment variable RTMPT_IDLE_HOLD_MS: 'abc' is not a number",
        e.getMessage());
  }

  @Test
  void badValueFromContextParameterNamesTheContextParameter() {
    Settings settings = new Settings(Map.of("rtmpt.max-sessions", "many"), Map.of(), Map.of());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getInt("rtmpt.max-sessions", 1));
    assertEquals(
        "rtmpt.max-sessions from servlet context init parameter rtmpt.max-sessions: 'many' is not a"
            + " number",
        e.getMessage());
  }

  @Test
  void valueOutOfRangeIsRefusedWithTheLimit() {
    Settings settings = new Settings(Map.of(), Map.of(), Map.of("rtmpt.max-sessions", "0"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getInt("rtmpt.max-sessions", 1, 1, 100));
    assertEquals(
        "rtmpt.max-sessions from system property rtmpt.max-sessions: '0' is below the minimum 1",
        e.getMessage());
  }

  @Test
  void intOverflowIsRefusedAsAboveTheMaximum() {
    Settings settings = new Settings(Map.of("n", "3000000000"), Map.of(), Map.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings.getInt("n", 1));
    assertEquals(
        "n from servlet context init parameter n: '3000000000' is above the maximum 2147483647",
        e.getMessage());
  }

  @Test
  void durationsAcceptMillisecondsUnitsAndIso8601() {
    Settings settings =
        new Settings(
            Map.of("a", "250", "b", "250ms", "c", "10s", "d", "2m", "e", "1h", "f", "PT0.5S"),
            Map.of(),
            Map.of());

    assertEquals(Duration.ofMillis(250), settings.getDuration("a", Duration.ZERO));
    assertEquals(Duration.ofMillis(250), settings.getDuration("b", Duration.ZERO));
    assertEquals(Duration.ofSeconds(10), settings.getDuration("c", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), settings.getDuration("d", Duration.ZERO));
    assertEquals(Duration.ofHours(1), settings.getDuration("e", Duration.ZERO));
    assertEquals(Duration.ofMillis(500), settings.getDuration("f", Duration.ZERO));
  }

  @Test
  void negativeDurationIsRefused() {
    Settings settings = new Settings(Map.of(KEY, "-5"), Map.of(), Map.of());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getDuration(KEY, Duration.ZERO));
    assertEquals(
        "rtmpt.idle-hold-ms from servlet context init parameter rtmpt.idle-hold-ms: '-5' is"
            + " negative",
        e.getMessage());
  }

  @Test
  void durationWithUnknownUnitIsRefused() {
    Settings settings = new Settings(Map.of(), Map.of(), Map.of(KEY, "5xs"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getDuration(KEY, Duration.ZERO));
    assertEquals(
        "rtmpt.idle-hold-ms from system property rtmpt.idle-hold-ms: '5xs' is not a duration"
            + " (number with ms, s, m or h)",
        e.getMessage());
  }

  @Test
  void enumsMatchIgnoringCaseWithDashesForUnderscores() {
    Settings settings = new Settings(Map.of("mode", "Backend-Proxy"), Map.of(), Map.of());

    assertEquals(Mode.BACKEND_PROXY, settings.getEnum("mode", Mode.class, Mode.IN_PROCESS));
    assertEquals(Mode.IN_PROCESS, settings.getEnum("other", Mode.class, Mode.IN_PROCESS));
  }

  @Test
  void unknownEnumValueListsTheAllowedOnes() {
    Settings settings = new Settings(Map.of(), Map.of("RTMPT_MODE", "tcp"), Map.of());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> settings.getEnum("rtmpt.mode", Mode.class, Mode.IN_PROCESS));
    assertEquals(
        "rtmpt.mode from environment variable RTMPT_MODE: 'tcp' is not one of: in-process,"
            + " backend-proxy",
        e.getMessage());
  }

  @Test
  void hostPortParsesNamesAndBracketedIpv6() {
    Settings settings =
        new Settings(Map.of("a", "backend.example:1935", "b", "[::1]:19350"), Map.of(), Map.of());

    assertEquals(new HostPort("backend.example", 1935), settings.getHostPort("a", null));
    assertEquals(new HostPort("::1", 19350), settings.getHostPort("b", null));
    assertEquals("[::1]:19350", settings.getHostPort("b", null).toString());
  }

  @Test
  void hostWithoutPortIsRefused() {
    Settings settings =
        new Settings(Map.of(), Map.of("RTMPT_BACKEND", "backend.example"), Map.of());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings.getHostPort("rtmpt.backend", null));
    assertEquals(
        "rtmpt.backend from environment variable RTMPT_BACKEND: 'backend.example' is not host:port",
        e.getMessage());
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:70000"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:0"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":1935"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:1935"));
  }

  @Test
  void booleansAcceptTheUsualSpellings() {
    Settings settings =
        new Settings(Map.of("a", "TRUE", "b", "off", "c", "yes", "d", "0"), Map.of(), Map.of());

    assertTrue(settings.getBoolean("a", false));
    assertFalse(settings.getBoolean("b", true));
    assertTrue(settings.getBoolean("c", false));
    assertFalse(settings.getBoolean("d", true));
    assertTrue(settings.getBoolean("unset", true));
  }

  @Test
  void badBooleanIsRefused() {
    Settings settings = new Settings(Map.of("rtmpt.tls", "maybe"), Map.of(), Map.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings.getBoolean("rtmpt.tls", false));
    assertEquals(
        "rtmpt.tls from servlet context init parameter rtmpt.tls: 'maybe' is not a boolean (true or"
            + " false)",
        e.getMessage());
  }

  @Test
  void stringsAreTrimmedAndUnsetGivesTheDefault() {
    Settings settings = new Settings(Map.of("s", "  hello "), Map.of(), Map.of());

    assertEquals("hello", settings.getString("s", null));
    assertNull(settings.getString("unset", null));
  }

  @Test
  void laterChangesToTheGivenMapsAreNotSeen() {
    java.util.HashMap<String, String> environment = new java.util.HashMap<>();
    environment.put(ENV, "5");
    Settings settings = new Settings(Map.of(), environment, Map.of());
    environment.put(ENV, "6");

    assertEquals(5, settings.getInt(KEY, 0));
  }
}
