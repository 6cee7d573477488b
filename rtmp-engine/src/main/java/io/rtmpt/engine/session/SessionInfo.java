package io.rtmpt.engine.session;

import io.rtmpt.engine.handshake.HandshakeType;
import java.util.List;

/**
 * An immutable view of one client connection for logs, the console and the API.
 *
 * @param id engine-wide session id
 * @param transport how the client is connected
 * @param remoteAddress client address and port as text
 * @param state life cycle state: handshaking, awaiting_connect, connected, closing or closed
 * @param app application from connect, or null before it
 * @param publishing streams this session publishes
 * @param playing streams this session plays
 * @param flashVer client version string from connect (its "user agent"), or null
 * @param openedAtMillis wall-clock time the connection was accepted
 * @param lastActivityMillis wall-clock time of the last byte received
 * @param bytesIn bytes received
 * @param bytesOut bytes sent
 * @param bitsPerSecondIn recent inbound rate
 * @param bitsPerSecondOut recent outbound rate
 * @param droppedFrames frames dropped for this session as a slow player
 * @param handshake the handshake type the client's C0 asked for (plain RTMP or an RTMPE variant),
 *     or null before C0 arrived
 */
public record SessionInfo(
    long id,
    Transport transport,
    String remoteAddress,
    String state,
    String app,
    List<String> publishing,
    List<String> playing,
    String flashVer,
    long openedAtMillis,
    long lastActivityMillis,
    long bytesIn,
    long bytesOut,
    long bitsPerSecondIn,
    long bitsPerSecondOut,
    long droppedFrames,
    HandshakeType handshake) {

  /**
   * The variant the client speaks, as its URL scheme names it: the transport's label ({@code rtmp},
   * {@code rtmps}, {@code rtmpt}, {@code rtmpts}), with RTMPE inside it {@code rtmpe} for TCP,
   * {@code rtmpte} in the tunnel, and {@code rtmps+rtmpe} or {@code rtmpts+rtmpe} inside TLS.
   */
  public String variant() {
    return variant(transport, handshake);
  }

  /** {@link #variant()} of a transport and a handshake type (null: not known yet, plain). */
  public static String variant(Transport transport, HandshakeType handshake) {
    if (handshake == null || !handshake.encrypted()) {
      return transport.label();
    }
    return switch (transport) {
      case RTMP -> "rtmpe";
      case RTMPT -> "rtmpte";
      case RTMPS, RTMPTS -> transport.label() + "+rtmpe";
    };
  }
}
