package io.rtmpt.webapp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;

/**
 * Answers 404 to every request that no servlet of the application would answer, except the
 * console's own files: what reaches the container's default servlet (static files, directory
 * listings, welcome files) is served only under {@code /admin/} and {@code /webjars/}, which
 * web.xml's security constraint protects. Everything else the WAR holds at its root, the executable
 * WAR's launcher classes ({@code /io/rtmpt/webapp/launcher/...}) among them, and {@code /} itself
 * (a directory listing in Jetty) is not found. The servlets (RTMPT, the API, metrics, health) are
 * matched by their own mappings and pass.
 *
 * <p>Mapped to {@code /*} first in web.xml. The decision uses the servlet mapping the container
 * chose ({@link HttpServletMapping#getMappingMatch}), so a servlet registered later needs no change
 * here.
 */
public final class ServedPaths extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (servedByAServlet(request) || consoleFile(request)) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentLength(0);
  }

  private static boolean servedByAServlet(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
    return match == MappingMatch.EXACT || match == MappingMatch.PATH;
  }

  private static boolean consoleFile(HttpServletRequest request) {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/webjars/");
  }
}
