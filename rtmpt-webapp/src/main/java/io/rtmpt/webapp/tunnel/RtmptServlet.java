package io.rtmpt.webapp.tunnel;

import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMPT endpoint. Map it, with async support, to {@code /open/*}, {@code /send/*}, {@code
 * /idle/*}, {@code /close/*} and {@code /fcs/*}; any context path works. It answers {@code POST}
 * only and finds its {@link RtmptSessionRegistry} in the servlet context attribute {@link
 * RtmptSessionRegistry#ATTRIBUTE}.
 *
 * <p>This class only parses and bounds the request; {@link RtmptSession} does the tunnelling.
 */
public class RtmptServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(RtmptServlet.class);

  /**
   * Added to the longest legitimate wait for the container's async timeout, which should never
   * fire.
   */
  private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(60);

  private transient RtmptSessionRegistry registry;
  private transient Duration backstop;

  @Override
  public void init() throws ServletException {
    Object attribute = getServletContext().getAttribute(RtmptSessionRegistry.ATTRIBUTE);
    if (!(attribute instanceof RtmptSessionRegistry)) {
      throw new UnavailableException(
          "no RtmptSessionRegistry in servlet context attribute "
              + RtmptSessionRegistry.ATTRIBUTE
              + " (found "
              + attribute
              + ")");
    }
    registry = (RtmptSessionRegistry) attribute;
    backstop =
        registry.config().idleHold().plus(registry.config().reorderTimeout()).plus(BACKSTOP_MARGIN);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      refuse(response, RtmptErrorKind.METHOD_NOT_ALLOWED);
      return;
    }
    Optional<RtmptPath> parsed = RtmptPath.parse(request.getServletPath(), request.getPathInfo());
    if (parsed.isEmpty()) {
      LOG.debug("RTMPT: not an RTMPT path: {}{}", request.getServletPath(), request.getPathInfo());
      refuse(response, RtmptErrorKind.NOT_AN_RTMPT_PATH);
      return;
    }
    RtmptPath path = parsed.get();
    registry.counters().request(path.command());
    byte[] body = readBody(request, registry.config().maxRequestBytes());
    if (body == null) {
      LOG.info(
          "RTMPT {} {}: body over {} bytes (rtmpt.max-request-bytes) from {}; answering 413",
          path.command(),
          path.sessionId(),
          registry.config().maxRequestBytes(),
          request.getRemoteAddr());
      refuse(response, RtmptErrorKind.BODY_TOO_LARGE);
      return;
    }
    switch (path.command()) {
      case IDENT:
        ident(response);
        break;
      case OPEN:
        open(request, response);
        break;
      default:
        inSession(request, response, path, body);
        break;
    }
  }

  private void ident(HttpServletResponse response) throws IOException {
    String ident = registry.config().ident2Response();
    if (ident == null) {
      refuse(response, RtmptErrorKind.IDENT2_NOT_CONFIGURED);
    } else {
      RtmptReplies.writeData(response, ident.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RtmptSession session;
    try {
      session =
          registry.open(
              request.getRemoteAddr(),
              request.getRemotePort(),
              request.getHeader("User-Agent"),
              request.isSecure());
    } catch (SessionRejectedException e) {
      refuse(response, e.kind());
      return;
    }
    RtmptReplies.writeData(response, (session.id() + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private void inSession(
      HttpServletRequest request, HttpServletResponse response, RtmptPath path, byte[] body) {
    Optional<RtmptSession> session = registry.find(path.sessionId());
    if (session.isEmpty()) {
      LOG.debug(
          "RTMPT {} {} seq {}: unknown session; answering 404",
          path.command(),
          path.sessionId(),
          path.sequence());
      refuse(response, RtmptErrorKind.UNKNOWN_SESSION);
      return;
    }
    session
        .get()
        .handle(
            RtmptExchange.suspend(request, response, path, body, backstop, registry.counters()));
  }

  private void refuse(HttpServletResponse response, RtmptErrorKind kind) {
    registry.counters().error(kind);
    RtmptReplies.writeError(response, kind);
  }

  /** The whole body, or null if it is over {@code max} bytes (declared or actually sent). */
  private static byte[] readBody(HttpServletRequest request, int max) throws IOException {
    if (request.getContentLengthLong() > max) {
      return null;
    }
    byte[] body = request.getInputStream().readNBytes(max + 1);
    return body.length > max ? null : body;
  }
}
