package io.rtmpt.engine.amf;

import java.util.Arrays;

/** A growable big-endian byte sink for the writers. */
final class AmfOutput {
  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (bytes.length - size < more) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("amf output larger than 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }

  void writeU8(int v) {
    ensure(1);
    bytes[size++] = (byte) v;
  }

  void writeU16(int v) {
    ensure(2);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  void writeS32(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  void writeDouble(double v) {
    long bits = Double.doubleToRawLongBits(v);
    writeS32((int) (bits >>> 32));
    writeS32((int) bits);
  }

  void writeBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  /**
   * Writes a U29: 1 to 4 bytes, 7 value bits per byte with the high bit set when more follow, and
   * all 8 bits of a fourth byte.
   */
  void writeU29(int v) {
    if (v < 0 || v > AmfConstants.U29_MAX) {
      throw new IllegalArgumentException("u29 out of range: " + v);
    }
    if (v < 0x80) {
      writeU8(v);
    } else if (v < 0x4000) {
      writeU8((v >>> 7) | 0x80);
      writeU8(v & 0x7F);
    } else if (v < 0x200000) {
      writeU8((v >>> 14) | 0x80);
      writeU8(((v >>> 7) & 0x7F) | 0x80);
      writeU8(v & 0x7F);
    } else {
      writeU8((v >>> 22) | 0x80);
      writeU8(((v >>> 15) & 0x7F) | 0x80);
      writeU8(((v >>> 8) & 0x7F) | 0x80);
      writeU8(v & 0xFF);
    }
  }
}
