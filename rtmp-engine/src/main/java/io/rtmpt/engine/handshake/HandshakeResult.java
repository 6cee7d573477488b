package io.rtmpt.engine.handshake;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one {@code process} call of a handshake produced.
 *
 * @param response bytes to send to the peer now, possibly empty (never null); the caller owns the
 *     array
 * @param complete whether the handshake is over: the peer's last handshake packet has been consumed
 *     and any further bytes in the input buffer belong to the chunk stream
 */
public record HandshakeResult(byte[] response, boolean complete) {

  public HandshakeResult {
    Objects.requireNonNull(response, "response");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HandshakeResult that
        && complete == that.complete
        && Arrays.equals(response, that.response);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(response) + Boolean.hashCode(complete);
  }

  @Override
  public String toString() {
    return "HandshakeResult[response=" + response.length + " bytes, complete=" + complete + "]";
  }
}
