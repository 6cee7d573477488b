package io.rtmpt.webapp.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Security headers on every console, API and metrics response, and the checks every action passes.
 * Mapped in web.xml to {@code /admin/*}, {@code /webjars/*} and {@code /metrics}; the container has
 * authenticated the user before this runs.
 *
 * <p>Headers: a Content Security Policy that allows only this origin's scripts, styles and
 * connections (the console has no inline script or style), {@code frame-ancestors 'none'} and
 * {@code X-Frame-Options: DENY} against clickjacking, {@code nosniff}, no referrer, and {@code
 * Cache-Control: no-store} on the API and metrics.
 *
 * <p>Actions (any method but GET, HEAD and OPTIONS): the {@code Origin} header, when sent (every
 * browser does), must be this host; {@code Sec-Fetch-Site}, when sent, must be same-origin; and the
 * {@value CsrfTokens#HEADER} header must carry the session's token (see {@link CsrfTokens}). A
 * WebSocket handshake from another site's page is refused here too (403) where the container runs
 * this filter before its WebSocket upgrade (Tomcat); {@link ConsoleEndpoint} refuses it in every
 * container.
 */
public final class AdminSecurityFilter extends HttpFilter {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; "
          + "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
          + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.startsWith("/admin/api/") || path.equals("/metrics")) {
      response.setHeader("Cache-Control", "no-store");
    } else if (path.equals("/admin/") || path.endsWith(".html")) {
      response.setHeader("Cache-Control", "no-cache");
    }
    String refusal = refusal(request);
    if (refusal != null) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response
          .getOutputStream()
          .write(Json.write(new ApiError("forbidden", refusal)).getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }

  /** Why the request is refused, or null. */
  static String refusal(HttpServletRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    String origin = request.getHeader("Origin");
    String host = request.getHeader("Host");
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    if (SAFE_METHODS.contains(method) && !upgrade) {
      return null;
    }
    if (origin != null && !Origins.sameOrigin(origin, host)) {
      return "cross-origin request refused: Origin " + origin + " is not this host";
    }
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return "cross-site request refused (Sec-Fetch-Site: " + site + ")";
    }
    if (upgrade) {
      return null;
    }
    if (!CsrfTokens.valid(request)) {
      return "missing or wrong "
          + CsrfTokens.HEADER
          + " header: GET /admin/api/csrf for the "
          + "session's token and send it with every action";
    }
    return null;
  }
}
