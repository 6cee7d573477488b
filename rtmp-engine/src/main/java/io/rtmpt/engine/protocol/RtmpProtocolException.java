package io.rtmpt.engine.protocol;

import java.net.ProtocolException;

/**
 * A violation of the RTMP wire protocol by the peer: a malformed handshake, chunk, message or AMF
 * value, or input over one of the engine's limits. The connection that produced it is closed; the
 * message states the fact and the offending value, for the log line that reports the close.
 */
public class RtmpProtocolException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public RtmpProtocolException(String message) {
    super(message);
  }

  public RtmpProtocolException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }
}
