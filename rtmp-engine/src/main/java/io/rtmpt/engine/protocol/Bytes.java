package io.rtmpt.engine.protocol;

import java.nio.ByteBuffer;

/**
 * Big-endian unsigned 24- and 32-bit fields, the integer shapes of RTMP headers and bodies
 * (timestamps, lengths, control values; RTMP specification 1.0, section 5). The one copy of this
 * bit-twiddling for the chunk, message and handshake layers. The little-endian message stream id of
 * a type 0 chunk header is the chunk layer's own business.
 *
 * <p>Callers check bounds: an index past the end throws {@link IndexOutOfBoundsException} (a bug,
 * not bad input).
 */
public final class Bytes {
  private Bytes() {}

  /** The unsigned 24-bit value at {@code offset}, 0..0xFFFFFF. */
  public static int u24(byte[] b, int offset) {
    return (b[offset] & 0xFF) << 16 | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF);
  }

  /** The unsigned 32-bit value at {@code offset}, 0..0xFFFFFFFF in a long. */
  public static long u32(byte[] b, int offset) {
    return (b[offset] & 0xFFL) << 24 | (long) u24(b, offset + 1);
  }

  /** Reads an unsigned 24-bit value at the buffer's position and advances it by 3. */
  public static int u24(ByteBuffer b) {
    return (b.get() & 0xFF) << 16 | (b.get() & 0xFF) << 8 | (b.get() & 0xFF);
  }

  /**
   * Reads an unsigned 32-bit value at the buffer's position and advances it by 4; big-endian
   * whatever the buffer's own byte order.
   */
  public static long u32(ByteBuffer b) {
    return (b.get() & 0xFFL) << 24 | (long) u24(b);
  }

  /** Writes the low 24 bits of {@code value} at {@code offset}; returns {@code offset + 3}. */
  public static int putU24(byte[] b, int offset, int value) {
    b[offset] = (byte) (value >>> 16);
    b[offset + 1] = (byte) (value >>> 8);
    b[offset + 2] = (byte) value;
    return offset + 3;
  }

  /** Writes the low 32 bits of {@code value} at {@code offset}; returns {@code offset + 4}. */
  public static int putU32(byte[] b, int offset, long value) {
    b[offset] = (byte) (value >>> 24);
    return putU24(b, offset + 1, (int) value);
  }
}
