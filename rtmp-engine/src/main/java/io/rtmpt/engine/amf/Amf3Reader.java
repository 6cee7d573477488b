package io.rtmpt.engine.amf;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Reads AMF3 values (Adobe "AMF 3 Specification", January 2013) from a buffer, with one set of
 * reference tables (strings, objects, traits) for the life of the reader.
 *
 * <p>Each value is a one-byte marker and its data: undefined (0x00), null (0x01), false (0x02),
 * true (0x03), integer (0x04, U29 holding a signed 29-bit value), double (0x05, DOUBLE), string
 * (0x06), XMLDocument (0x07), date (0x08), array (0x09), object (0x0A), XML (0x0B), ByteArray
 * (0x0C), vectors of int, uint, Number and Object (0x0D to 0x10) and Dictionary (0x11). U29 is a
 * variable-length unsigned 29-bit integer: 7 bits per byte while the high bit is set, and all 8
 * bits of a fourth byte. Strings, objects and traits may be sent by reference into the reader's
 * tables (see {@link Amf3Decoder}); references return the same Java object.
 *
 * <p>Java values: integer gives {@code Integer}, double gives {@code Double}, arrays give a {@code
 * List} or, with an associative part, an {@link AmfEcmaArray}; ByteArray gives {@code byte[]}; see
 * {@link AmfObject}, {@link AmfVector}, {@link AmfDictionary}, {@link AmfDate}, {@link AmfXml} and
 * {@link AmfXmlDocument}. Class names are kept as strings, never loaded. Externalizable objects
 * cannot be read without the class's own code and fail with an {@link AmfException} naming the
 * class.
 *
 * <p>Errors: as for {@link Amf0Reader}: only {@link AmfException}, lengths and counts checked
 * before allocating, nesting capped at {@value AmfConstants#MAX_DEPTH}, malformed UTF-8 decoded to
 * U+FFFD, further reads refused after a failure. Not thread-safe; the buffer's byte order is not
 * used.
 */
public final class Amf3Reader {
  private final AmfInput in;
  private final Amf3Decoder decoder;
  private AmfException failure;

  public Amf3Reader(ByteBuffer in) {
    this.in = new AmfInput(Objects.requireNonNull(in, "in"), "amf3");
    this.decoder = new Amf3Decoder(this.in);
  }

  public boolean hasRemaining() {
    in.syncFromCaller();
    return in.hasRemaining();
  }

  /** Reads exactly one value; bytes after it are left in the buffer. */
  public Object read() throws AmfException {
    if (failure != null) {
      throw new IllegalStateException("amf3 reader failed earlier: " + failure.getMessage());
    }
    in.syncFromCaller();
    try {
      return decoder.readValue(0);
    } catch (AmfException e) {
      failure = e;
      throw e;
    } finally {
      in.syncToCaller();
    }
  }

  /**
   * Reads values until the buffer is empty. The list's {@code equals}, {@code hashCode} and {@code
   * toString} treat its values as the value types do (byte arrays by content, cycles).
   */
  public List<Object> readAll() throws AmfException {
    List<Object> values = new AmfList();
    while (hasRemaining()) {
      values.add(read());
    }
    return values;
  }
}
