package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.webapp.access.StreamTokens.Check;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signed stream tokens: the formula, and every way a token can fail. */
class StreamTokensTest {
  private static final String SECRET = "0123456789abcdef-current";
  private static final String OLD = "0123456789abcdef-previous";
  private static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final long LATER = NOW + 3600;

  private static Check check(String action, String name, String query) {
    return StreamTokens.check(List.of(SECRET, OLD), action, "live", name, query, NOW);
  }

  @Test
  void theTokenIsTheExpiryAndTheBase64UrlHmacOfTheDocumentedMessage() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("publish\nlive\ncam1\n" + LATER).getBytes(StandardCharsets.UTF_8));
    String expected = LATER + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);

    assertEquals(expected, StreamTokens.mint(SECRET, "publish", "live", "cam1", LATER));
    assertEquals(
        "publish\nlive\ncam1\n" + LATER, StreamTokens.message("publish", "live", "cam1", LATER));
  }

  @Test
  void aTokenOpensItsOwnActionAndStreamUntilItExpires() {
    String publish = StreamTokens.mint(SECRET, "publish", "live", "cam1", LATER);
    String play = StreamTokens.mint(SECRET, "play", "live", "cam1", LATER);
    assertEquals(Check.VALID, check("publish", "cam1", "token=" + publish));
    assertEquals(Check.VALID, check("play", "cam1", "x=1&token=" + play + "&y=2"));

    assertEquals(Check.WRONG_ACTION, check("play", "cam1", "token=" + publish));
    assertEquals(Check.WRONG_ACTION, check("publish", "cam1", "token=" + play));
    assertEquals(Check.INVALID, check("publish", "cam2", "token=" + publish));
    assertEquals(
        Check.INVALID,
        StreamTokens.check(List.of(SECRET), "publish", "other", "cam1", "token=" + publish, NOW));
    assertEquals(
        Check.EXPIRED,
        StreamTokens.check(List.of(SECRET), "publish", "live", "cam1", "token=" + publish, LATER));
  }

  @Test
  void tamperedMalformedAndMissingTokensAreRefused() {
    String token = StreamTokens.mint(SECRET, "publish", "live", "cam1", LATER);
    String longer = (LATER + 86400) + token.substring(token.indexOf('.'));
    assertEquals(Check.INVALID, check("publish", "cam1", "token=" + longer), "expiry changed");
    char last = token.charAt(token.length() - 1);
    String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertEquals(Check.INVALID, check("publish", "cam1", "token=" + flipped));
    assertEquals(Check.MISSING, check("publish", "cam1", ""));
    assertEquals(Check.MISSING, check("publish", "cam1", "key=abc"));
    assertEquals(Check.MISSING, check("publish", "cam1", "token="));
    assertEquals(Check.MALFORMED, check("publish", "cam1", "token=abc"));
    assertEquals(Check.MALFORMED, check("publish", "cam1", "token=-5.abc"));
    assertEquals(Check.MALFORMED, check("publish", "cam1", "token=123."));
    assertEquals(Check.MALFORMED, check("publish", "cam1", "token=99999999999999999999.x"));
  }

  @Test
  void twoSecretsAreAcceptedAtOnceForRotation() {
    String old = StreamTokens.mint(OLD, "publish", "live", "cam1", LATER);
    String unknown =
        StreamTokens.mint("some-other-secret-entirely", "publish", "live", "cam1", LATER);
    assertEquals(Check.VALID, check("publish", "cam1", "token=" + old));
    assertEquals(Check.INVALID, check("publish", "cam1", "token=" + unknown));
    assertEquals(
        Check.INVALID,
        StreamTokens.check(List.of(SECRET), "publish", "live", "cam1", "token=" + old, NOW),
        "once the previous secret is dropped");
  }

  @Test
  void onlyPublishAndPlayAreActions() {
    assertThrows(
        IllegalArgumentException.class, () -> StreamTokens.mint(SECRET, "connect", "a", "b", 1));
  }
}
