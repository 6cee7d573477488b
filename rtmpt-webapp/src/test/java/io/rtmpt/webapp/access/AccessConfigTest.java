package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access settings: names, per-application rules, fallbacks and the mistakes refused. */
class AccessConfigTest {
  private static final String SECRET = "a-secret-of-24-characters";

  private static AccessConfig read(Map<String, String> parameters, Map<String, String> env) {
    return AccessConfig.from(new Settings(parameters, env, Map.of()));
  }

  @Test
  void byDefaultEverythingIsOpenAndNothingIsCalled() {
    AccessConfig config = read(Map.of(), Map.of());
    assertEquals(AppPolicy.OPEN, config.defaults());
    assertEquals(Map.of(), config.apps());
    assertEquals(List.of("*"), config.openForPublish());
    assertEquals(CallbackClient.Limits.DEFAULTS, config.callbacks());
  }

  @Test
  void applicationsGetRulesOfTheirOwnFromParametersAndEnvironmentAndFallBackFieldByField() {
    AccessConfig config =
        read(
            Map.of(
                "rtmpt.access.publish", "token",
                "rtmpt.access.token-secret", SECRET,
                "rtmpt.access.play-deny", "192.0.2.0/24",
                "rtmpt.access.studio.publish", "callback",
                "rtmpt.access.studio.on-publish", "http://auth.example/publish",
                "rtmpt.access.callback-timeout-ms", "1500"),
            Map.of(
                "RTMPT_ACCESS_OPEN_DAY_PUBLISH", "open",
                "RTMPT_ACCESS_OPEN_DAY_PLAY_ALLOW", "::1, 127.0.0.1",
                "RTMPT_ACCESS_ON_DONE", "https://auth.example/done"));

    AppPolicy live = config.policy("live"); // no rules of its own: the defaults
    assertEquals(AccessMode.TOKEN, live.publish());
    assertEquals(AccessMode.OPEN, live.play());
    assertEquals(List.of(SECRET), live.tokenSecrets());
    assertEquals(List.of(CidrRange.parse("192.0.2.0/24")), live.playAddresses().deny());
    assertEquals(URI.create("https://auth.example/done"), live.onDone());

    AppPolicy studio = config.policy("studio");
    assertEquals(AccessMode.CALLBACK, studio.publish());
    assertEquals(URI.create("http://auth.example/publish"), studio.onPublish());
    assertEquals(List.of(SECRET), studio.tokenSecrets(), "inherited");
    assertEquals(URI.create("https://auth.example/done"), studio.onDone(), "inherited");

    AppPolicy openDay = config.policy("Open-Day"); // case and - versus _ do not matter
    assertEquals(AccessMode.OPEN, openDay.publish());
    assertEquals(
        List.of(CidrRange.parse("::1"), CidrRange.parse("127.0.0.1")),
        openDay.playAddresses().allow());
    assertEquals(List.of(CidrRange.parse("192.0.2.0/24")), openDay.playAddresses().deny());

    assertEquals(List.of("open_day"), config.openForPublish());
    assertEquals(Duration.ofMillis(1500), config.callbacks().timeout());
  }

  @Test
  void twoSecretsForRotationTheCurrentFirst() {
    AccessConfig config =
        read(
            Map.of(
                "rtmpt.access.play",
                "token",
                "rtmpt.access.token-secret-previous",
                SECRET + "-old",
                "rtmpt.access.token-secret",
                SECRET),
            Map.of());
    assertEquals(List.of(SECRET, SECRET + "-old"), config.defaults().tokenSecrets());
  }

  @Test
  void mistakesFailWithTheSettingsName() {
    assertMessage(
        "rtmpt.access.live.pubish is not an access setting",
        Map.of("rtmpt.access.live.pubish", "token"),
        Map.of());
    assertMessage(
        "RTMPT_ACCESS_LIVE_PUBISH is not an access setting",
        Map.of(),
        Map.of("RTMPT_ACCESS_LIVE_PUBISH", "token"));
    assertMessage(
        "rtmpt.access.publish (servlet context init parameter rtmpt.access.publish) is token, but"
            + " no rtmpt.access.token-secret is set",
        Map.of("rtmpt.access.publish", "token"),
        Map.of());
    assertMessage(
        "rtmpt.access.live.play (environment variable RTMPT_ACCESS_LIVE_PLAY) is callback, but no"
            + " rtmpt.access.live.on-play is set",
        Map.of(),
        Map.of("RTMPT_ACCESS_LIVE_PLAY", "callback"));
    assertMessage(
        "rtmpt.access.token-secret from servlet context init parameter rtmpt.access.token-secret:"
            + " a secret of 5 characters is too short (at least 16)",
        Map.of("rtmpt.access.token-secret", "short"),
        Map.of());
    assertMessage(
        "rtmpt.access.publish-allow from servlet context init parameter rtmpt.access.publish-allow:"
            + " 'office.example' is not an IP address or block",
        Map.of("rtmpt.access.publish-allow", "10.0.0.0/8 office.example"),
        Map.of());
    assertMessage(
        "rtmpt.access.on-done from servlet context init parameter rtmpt.access.on-done:"
            + " 'ftp://x/y' is not an http(s) URL",
        Map.of("rtmpt.access.on-done", "ftp://x/y"),
        Map.of());
    assertMessage(
        "rtmpt.access.publish from servlet context init parameter rtmpt.access.publish: 'maybe' is"
            + " not one of: open, token, callback, deny",
        Map.of("rtmpt.access.publish", "maybe"),
        Map.of());
  }

  private static void assertMessage(
      String start, Map<String, String> parameters, Map<String, String> env) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(parameters, env));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
