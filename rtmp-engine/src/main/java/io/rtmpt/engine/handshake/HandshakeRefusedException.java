package io.rtmpt.engine.handshake;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.Objects;

/**
 * A client asked, with its C0 byte, for a {@link HandshakeType} the server's {@link
 * HandshakePolicy} does not accept (an operator that must not offer RC4 accepts plain RTMP only).
 * The message is one line naming the type and the accepted ones, e.g. {@code "rtmpe handshake (c0 =
 * 6) refused: accepted types are rtmp"}; {@link #type()} lets metrics count refusals by type.
 */
public final class HandshakeRefusedException extends RtmpProtocolException {
  private static final long serialVersionUID = 1L;

  private final HandshakeType type;

  public HandshakeRefusedException(HandshakeType type, HandshakePolicy policy) {
    super(
        Objects.requireNonNull(type, "type").label()
            + " handshake (c0 = "
            + type.code()
            + ") refused: accepted types are "
            + policy);
    this.type = type;
  }

  /** The type the client asked for. */
  public HandshakeType type() {
    return type;
  }
}
