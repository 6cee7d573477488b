package io.rtmpt.webapp.tunnel;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMPT endpoint of one {@link RtmptSessionRegistry}. {@link #register} maps it, with async
 * support, to {@code /open/*}, {@code /send/*}, {@code /idle/*}, {@code /close/*} and {@code
 * /fcs/*}; any context path works. It answers {@code POST} only.
 *
 * <p>This class only parses and bounds the request; {@link RtmptSession} does the tunnelling.
 */
public final class RtmptServlet extends HttpServlet {

  /** The paths the servlet answers, relative to the context (RtmptPath parses them). */
  public static final List<String> MAPPINGS =
      List.of("/open/*", "/send/*", "/idle/*", "/close/*", "/fcs/*");

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(RtmptServlet.class);

  /**
   * Added to the longest legitimate wait for the container's async timeout, which should never
   * fire.
   */
  private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(60);

  private final transient RtmptSessionRegistry registry;
  private final transient Duration backstop;

  public RtmptServlet(RtmptSessionRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.backstop =
        registry.config().idleHold().plus(registry.config().reorderTimeout()).plus(BACKSTOP_MARGIN);
  }

  /**
   * Registers a servlet for {@code registry} in {@code context} under the name {@code rtmpt}, with
   * async support, loaded at startup, at {@link #MAPPINGS}. Call it while the context starts (from
   * a {@code ServletContextListener} declared in web.xml).
   */
  public static ServletRegistration.Dynamic register(
      ServletContext context, RtmptSessionRegistry registry) {
    ServletRegistration.Dynamic registration =
        context.addServlet("rtmpt", new RtmptServlet(registry));
    if (registration == null) {
      throw new IllegalStateException("a servlet named rtmpt is registered already");
    }
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    registration.addMapping(MAPPINGS.toArray(new String[0]));
    return registration;
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
      case IDENT -> ident(response);
      case OPEN -> open(request, response);
      case SEND, IDLE, CLOSE -> inSession(request, response, path, body);
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
              request.isSecure(),
              new RtmptSession.Connection(
                  RtmptExchange.connectionId(request), request.getLocalPort()));
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

  /**
   * The whole body, or null if it is over {@code max} bytes (declared or actually sent). With a
   * Content-Length (every RTMPT client sends one) the body is read straight into one array of that
   * length; {@code readNBytes(max + 1)} gathered it in 8 KB pieces and copied it twice (issue #11,
   * B1: 28 % of the server's samples). Without one (chunked), it is gathered up to {@code max + 1}.
   */
  private static byte[] readBody(HttpServletRequest request, int max) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > max) {
      return null;
    }
    ServletInputStream in = request.getInputStream();
    if (declared < 0) {
      byte[] body = in.readNBytes(max + 1);
      return body.length > max ? null : body;
    }
    byte[] body = new byte[(int) declared];
    int n = in.readNBytes(body, 0, body.length);
    return n == body.length ? body : Arrays.copyOf(body, n); // cut short: what came, as before
  }
}
