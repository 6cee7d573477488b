package io.rtmpt.webapp.embedded;

import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the RTMPT endpoints at the server root when the application runs under another context
 * path: a request for {@code /open/1}, {@code /send/...}, {@code /idle/...}, {@code /close/...} or
 * {@code /fcs/...} is handled as if it were {@code CONTEXT/open/1} and so on, and so are the health
 * endpoints {@code /healthz} and {@code /readyz}, which load balancers check where they send the
 * tunnels; every other request is left alone.
 *
 * <p>Why: ffmpeg, librtmp and Flash Player post to {@code /open/1} at the server root whatever path
 * the {@code rtmpt://} URL has (the URL's path names the RTMP application and stream,
 * docs/rtmpt-protocol.md 1.1), so with {@code --context-path /rtmpt} alone no RTMPT client could
 * reach the application; the console and API stay under the context path.
 */
final class RootTunnelPaths extends Handler.Wrapper {
  private static final Pattern TUNNEL_PATH =
      Pattern.compile("/(open|send|idle|close|fcs)(/.*)?|/healthz|/readyz");

  private final String contextPath;

  /**
   * @param contextPath the application's context path, e.g. {@code /rtmpt} (not {@code /})
   * @param application the handler of the application under that path
   */
  RootTunnelPaths(String contextPath, Handler application) {
    super(application);
    this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
    if (!contextPath.startsWith("/") || contextPath.length() < 2 || contextPath.endsWith("/")) {
      throw new IllegalArgumentException("not a context path other than /: '" + contextPath + "'");
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path != null && TUNNEL_PATH.matcher(path).matches()) {
      HttpURI underContext = HttpURI.build(request.getHttpURI()).path(contextPath + path);
      return super.handle(Request.serveAs(request, underContext), response, callback);
    }
    return super.handle(request, response, callback);
  }
}
