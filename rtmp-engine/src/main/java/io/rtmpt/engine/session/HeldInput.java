package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.ArrayDeque;

/**
 * The messages a client sent while its session waited for a {@link StreamGate} decision: decoded
 * (the chunk decoder keeps up, so Set Chunk Size and Abort still apply in order) but not yet acted
 * on, in arrival order. Bounded by payload bytes: a client that keeps sending while it waits is
 * disconnected rather than buffered without end. Used under the session's input lock only.
 */
final class HeldInput {
  private final ArrayDeque<RawMessage> messages = new ArrayDeque<>();
  private final long maxBytes;
  private long bytes;

  HeldInput(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Keeps {@code message} for later.
   *
   * @throws RtmpProtocolException when the held payloads would exceed the bound
   */
  void add(RawMessage message) throws RtmpProtocolException {
    long after = bytes + message.payload().length;
    if (after > maxBytes) {
      throw new RtmpProtocolException(
          "client sent over " + maxBytes + " bytes while its request awaited admission");
    }
    bytes = after;
    messages.add(message);
  }

  /** The oldest held message, or null. */
  RawMessage poll() {
    RawMessage message = messages.poll();
    if (message != null) {
      bytes -= message.payload().length;
    }
    return message;
  }

  /** Drops everything held (the session closed). */
  void clear() {
    messages.clear();
    bytes = 0;
  }
}
