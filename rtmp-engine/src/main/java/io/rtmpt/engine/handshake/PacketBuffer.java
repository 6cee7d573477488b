package io.rtmpt.engine.handshake;

import java.nio.ByteBuffer;

/**
 * Collects one fixed-length handshake packet from input that may arrive in pieces of any size,
 * taking from the input only the bytes the packet still needs.
 */
final class PacketBuffer {
  private final byte[] bytes;
  private int filled;

  PacketBuffer(int length) {
    bytes = new byte[length];
  }

  /**
   * Moves as many bytes as the packet still needs (at most {@code in.remaining()}) from {@code in}.
   *
   * @return true when the packet is complete
   */
  boolean fill(ByteBuffer in) {
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
}
