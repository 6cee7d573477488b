package io.rtmpt.engine.amf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked big-endian reads from the caller's buffer for one format ("amf0" or "amf3"). Every
 * read checks the remaining bytes first and fails with an {@link AmfException}, so no {@link
 * java.nio.BufferUnderflowException} escapes; every declared length is checked against the
 * remaining bytes before anything is allocated for it. Offsets count from the position the reader
 * started at. UTF-8 is decoded leniently: malformed sequences become U+FFFD.
 */
final class AmfInput {
  private final ByteBuffer caller;
  private final ByteBuffer buffer;
  private final int start;
  private final String format;

  AmfInput(ByteBuffer caller, String format) {
    this.caller = caller;
    this.buffer = caller.duplicate().order(ByteOrder.BIG_ENDIAN);
    this.start = caller.position();
    this.format = format;
  }

  /** A view of the same bytes and offsets for the other format (the AMF0 AVM+ switch). */
  AmfInput(AmfInput other, String format) {
    this.caller = other.caller;
    this.buffer = other.buffer;
    this.start = other.start;
    this.format = format;
  }

  /** Takes up the caller's position and limit, which the caller may have moved between reads. */
  void syncFromCaller() {
    buffer.limit(caller.limit()).position(caller.position());
  }

  /** Hands the position reached back to the caller's buffer. */
  void syncToCaller() {
    caller.position(buffer.position());
  }

  int offset() {
    return buffer.position() - start;
  }

  int remaining() {
    return buffer.remaining();
  }

  boolean hasRemaining() {
    return buffer.hasRemaining();
  }

  private void need(int count) throws AmfException {
    if (buffer.remaining() < count) {
      throw new AmfException("truncated " + format + " value at offset " + offset());
    }
  }

  int peekU8() throws AmfException {
    need(1);
    return buffer.get(buffer.position()) & 0xFF;
  }

  int readU8() throws AmfException {
    need(1);
    return buffer.get() & 0xFF;
  }

  int readU16() throws AmfException {
    need(2);
    return buffer.getShort() & 0xFFFF;
  }

  short readS16() throws AmfException {
    need(2);
    return buffer.getShort();
  }

  int readS32() throws AmfException {
    need(4);
    return buffer.getInt();
  }

  long readU32() throws AmfException {
    return readS32() & 0xFFFFFFFFL;
  }

  double readDouble() throws AmfException {
    need(8);
    return buffer.getDouble();
  }

  /**
   * Fails unless {@code elements} elements of at least {@code bytesEach} bytes fit in what remains:
   * {@code "amf0 strict array count 4294967295 exceeds remaining 3 bytes at offset 1"}, or for
   * wider elements {@code "amf3 int vector count 5 needs 20 bytes, 3 remain at offset 1"}.
   */
  void checkCount(String what, long elements, int bytesEach, int fieldOffset) throws AmfException {
    long needed = elements * bytesEach;
    if (needed > buffer.remaining()) {
      throw new AmfException(
          bytesEach == 1
              ? what
                  + " "
                  + elements
                  + " exceeds remaining "
                  + buffer.remaining()
                  + " bytes at offset "
                  + fieldOffset
              : what
                  + " "
                  + elements
                  + " needs "
                  + needed
                  + " bytes, "
                  + buffer.remaining()
                  + " remain at offset "
                  + fieldOffset);
    }
  }

  /**
   * Reads {@code length} bytes of UTF-8; {@code what} names the length field for the error message.
   */
  String readUtf8(long length, String what, int fieldOffset) throws AmfException {
    checkCount(what, length, 1, fieldOffset);
    int n = (int) length;
    String s;
    if (buffer.hasArray()) {
      s =
          new String(
              buffer.array(), buffer.arrayOffset() + buffer.position(), n, StandardCharsets.UTF_8);
      buffer.position(buffer.position() + n);
    } else {
      byte[] bytes = new byte[n];
      buffer.get(bytes);
      s = new String(bytes, StandardCharsets.UTF_8);
    }
    return s;
  }

  byte[] readBytes(long length, String what, int fieldOffset) throws AmfException {
    checkCount(what, length, 1, fieldOffset);
    byte[] bytes = new byte[(int) length];
    buffer.get(bytes);
    return bytes;
  }
}
