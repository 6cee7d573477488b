package io.rtmpt.webapp.tunnel;

import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an RTMPT session says when it closes: one info line with its client, requests, connections
 * and bytes, and a warning when a container's keep-alive limit evidently cut the tunnel (a session
 * timeout whose last connection carried exactly {@code maxKeepAliveRequests} requests). Logs under
 * {@link RtmptSession}'s logger, as before the split.
 */
final class TunnelCloseLog {
  private static final Logger LOG = LoggerFactory.getLogger(RtmptSession.class);

  private final String id;
  private final TunnelClient client;
  private final long createdNanos;
  private final IntFunction<OptionalInt> keepAliveLimits;

  /**
   * @param keepAliveLimits the HTTP connector's keep-alive request limit by local port, if known
   */
  TunnelCloseLog(
      String id, TunnelClient client, long createdNanos, IntFunction<OptionalInt> keepAliveLimits) {
    this.id = id;
    this.client = client;
    this.createdNanos = createdNanos;
    this.keepAliveLimits = keepAliveLimits;
  }

  /**
   * Logs the close.
   *
   * @param connections HTTP connections the tunnel used ({@link RequestRepair#connectionsUsed})
   * @param onLastConnection requests the last of them carried
   * @param localPort the server port of the last of them
   */
  void closed(
      RtmptCloseReason reason,
      RtmptSessionInfo info,
      int connections,
      long onLastConnection,
      int localPort) {
    LOG.info(
        "RTMPT session {} closed ({}): client {}:{}, agent '{}', {} requests on {} connection(s)"
            + " ({} on the last), {} bytes in, {} bytes out, {} ms",
        id,
        reason,
        client.remoteAddress(),
        client.remotePort(),
        client.userAgent(),
        info.requests() + 1,
        connections,
        onLastConnection,
        info.bytesIn(),
        info.bytesOut(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos));
    if (reason == RtmptCloseReason.SESSION_TIMEOUT) {
      keepAliveLimits
          .apply(localPort)
          .ifPresent(limit -> warnIfCutByKeepAliveLimit(limit, localPort, onLastConnection));
    }
  }

  /**
   * The container closes a connection after {@code limit} requests ({@code Connection: close}), and
   * neither ffmpeg nor librtmp opens another: their tunnel then dies by session timeout, and its
   * last connection carried exactly {@code limit} requests.
   */
  private void warnIfCutByKeepAliveLimit(int limit, int localPort, long onLastConnection) {
    if (onLastConnection != limit) {
      return;
    }
    LOG.warn(
        "RTMPT session {} was cut by the container: the HTTP connector on port {} closes a"
            + " connection after {} requests (maxKeepAliveRequests), this tunnel's connection"
            + " reached it and the client ('{}') did not reconnect. Set maxKeepAliveRequests=\"-1\""
            + " on that Connector (README, Deploying in Tomcat 10.1).",
        id,
        localPort,
        limit,
        client.userAgent());
  }
}
