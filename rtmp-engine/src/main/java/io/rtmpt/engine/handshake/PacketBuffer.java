package io.rtmpt.engine.handshake;

import java.nio.ByteBuffer;

/**
 * Collects one fixed-length handshake packet from input that may arrive in pieces of any size,
 * taking from the input only the bytes the packet still needs.
 */
final class PacketBuffer {
  private static final byte[] RELEASED = new byte[0];

  private final int length;
  private byte[] bytes; // allocated by the first fill, dropped by release
  private int filled;

  PacketBuffer(int length) {
    this.length = length;
  }

  /**
   * Moves as many bytes as the packet still needs (at most {@code in.remaining()}) from {@code in}.
   *
   * @return true when the packet is complete
   */
  boolean fill(ByteBuffer in) {
    if (bytes == null) {
      bytes = new byte[length];
    } else if (bytes == RELEASED) {
      throw new IllegalStateException("packet buffer released");
    }
    int n = Math.min(in.remaining(), bytes.length - filled);
    in.get(bytes, filled, n);
    filled += n;
    return filled == bytes.length;
  }

  /** The collected packet; only meaningful once {@link #fill} returned true. Not a copy. */
  byte[] bytes() {
    return bytes;
  }

  /** Starts collecting the next packet into the same array. */
  void clear() {
    filled = 0;
  }

  /**
   * Gives the array back once no packet follows (a finished handshake would otherwise keep 1,536
   * bytes per connection for its whole life; issue #11, B3); {@link #fill} then fails.
   */
  void release() {
    bytes = RELEASED;
    filled = 0;
  }
}
