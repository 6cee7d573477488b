package io.rtmpt.webapp.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed stream URLs: a token in the stream name's query ({@code cam1?token=...}) proves that
 * whoever made it knows a shared secret, for one action on one stream until a time. The formula, so
 * that a backend in any language can mint them (README, "Access control"):
 *
 * <pre>
 *   message   = ACTION + "\n" + APP + "\n" + NAME + "\n" + EXPIRES
 *   signature = base64url(HMAC-SHA256(key = SECRET, message)), without "=" padding
 *   token     = EXPIRES + "." + signature
 * </pre>
 *
 * ACTION is {@code publish} or {@code play}, APP the application ({@code live}), NAME the stream
 * name without its query, EXPIRES the expiry as Unix time in seconds (decimal digits), SECRET and
 * message as UTF-8. A publish token therefore does not play, a token for one stream does not open
 * another, and none works after EXPIRES. Two secrets can be accepted at once, so that a new one can
 * be rolled out while tokens made with the old one are still in use.
 */
public final class StreamTokens {
  /** The query parameter that carries the token. */
  public static final String PARAMETER = "token";

  private static final String HMAC = "HmacSHA256";

  private StreamTokens() {}

  /** What a presented token proved. */
  public enum Check {
    /** Signed with an accepted secret for this action and stream, and not expired. */
    VALID,
    /** No {@code token} in the query. */
    MISSING,
    /** Not of the form EXPIRES.SIGNATURE. */
    MALFORMED,
    /** Correctly signed, but EXPIRES has passed. */
    EXPIRED,
    /**
     * Correctly signed for this stream, but for the other action (a publish token used to play).
     */
    WRONG_ACTION,
    /** Not signed for this action and stream with an accepted secret (tampered, another stream). */
    INVALID
  }

  /**
   * A token for {@code action} on {@code app}/{@code name} until {@code expiresEpochSeconds}.
   *
   * @param action {@code publish} or {@code play}
   */
  public static String mint(
      String secret, String action, String app, String name, long expiresEpochSeconds) {
    checkAction(action);
    if (expiresEpochSeconds < 0) {
      throw new IllegalArgumentException("expiry before 1970: " + expiresEpochSeconds);
    }
    return expiresEpochSeconds + "." + signature(secret, action, app, name, expiresEpochSeconds);
  }

  /**
   * Checks the token in {@code query} (the text after the stream name's {@code ?}) for {@code
   * action} on {@code app}/{@code name}.
   *
   * @param secrets the accepted secrets (the current one first); at least one
   * @param nowEpochSeconds the time now
   */
  public static Check check(
      List<String> secrets,
      String action,
      String app,
      String name,
      String query,
      long nowEpochSeconds) {
    checkAction(action);
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no secret to check a token with");
    }
    String token = QueryString.parse(query).get(PARAMETER);
    if (token == null || token.isEmpty()) {
      return Check.MISSING;
    }
    int dot = token.indexOf('.');
    if (dot < 1 || dot > 19 || dot == token.length() - 1) {
      return Check.MALFORMED;
    }
    String expiresText = token.substring(0, dot);
    if (!expiresText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Check.MALFORMED;
    }
    long expires = Long.parseLong(expiresText);
    byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    String other = action.equals("publish") ? "play" : "publish";
    boolean signed = false;
    boolean signedForOther = false;
    for (String secret : secrets) {
      signed |= matches(presented, signature(secret, action, app, name, expires));
      signedForOther |= matches(presented, signature(secret, other, app, name, expires));
    }
    if (!signed) {
      return signedForOther ? Check.WRONG_ACTION : Check.INVALID;
    }
    return nowEpochSeconds >= expires ? Check.EXPIRED : Check.VALID;
  }

  /** The text the HMAC is computed over. */
  static String message(String action, String app, String name, long expiresEpochSeconds) {
    return action + "\n" + app + "\n" + name + "\n" + expiresEpochSeconds;
  }

  private static String signature(
      String secret, String action, String app, String name, long expiresEpochSeconds) {
    Objects.requireNonNull(secret, "secret");
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      byte[] digest =
          mac.doFinal(
              message(action, app, name, expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Constant-time comparison, so that timing tells nothing about the expected signature. */
  private static boolean matches(byte[] presented, String expected) {
    return MessageDigest.isEqual(presented, expected.getBytes(StandardCharsets.US_ASCII));
  }

  private static void checkAction(String action) {
    if (!action.equals("publish") && !action.equals("play")) {
      throw new IllegalArgumentException(
          "action '" + action.toLowerCase(Locale.ROOT) + "' is not publish or play");
    }
  }
}
