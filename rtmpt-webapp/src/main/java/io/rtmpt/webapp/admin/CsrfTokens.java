package io.rtmpt.webapp.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One anti-CSRF token per HTTP session: {@code GET /admin/api/csrf} hands it out, and every action
 * (a POST under {@code /admin/}) must send it back in the {@value #HEADER} header. Another site's
 * page cannot read it, and cannot set that header on a cross-site request without CORS, which this
 * application never allows.
 */
final class CsrfTokens {
  /** The request header that carries the token. */
  static final String HEADER = "X-CSRF-Token";

  private static final String ATTRIBUTE = CsrfTokens.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfTokens() {}

  /** The session's token; creates the session and the token when there are none. */
  static String issue(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    synchronized (CsrfTokens.class) {
      Object token = session.getAttribute(ATTRIBUTE);
      if (token instanceof String s) {
        return s;
      }
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(ATTRIBUTE, fresh);
      return fresh;
    }
  }

  /** Whether the request carries its session's token. */
  static boolean valid(HttpServletRequest request) {
    String sent = request.getHeader(HEADER);
    HttpSession session = request.getSession(false);
    if (sent == null
        || session == null
        || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
  }
}
