package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads AMF0 values (Adobe "AMF 0 File Format Specification") from a buffer: the payload of an RTMP
 * command (type 20) or data (type 18) message, once reassembled.
 *
 * <p>Each value is a one-byte type marker and its data, big-endian: number (0x00, DOUBLE), boolean
 * (0x01, U8, non-zero is true), string (0x02, U16 length + UTF-8), object (0x03) and typed object
 * (0x10, U16 class name first) as UTF-8 key / value pairs ended by an empty key and the object-end
 * marker 0x09, null (0x05), undefined (0x06), reference (0x07, U16 index), ECMA array (0x08, U32
 * count, then pairs as for objects), strict array (0x0A, U32 count + values), date (0x0B, DOUBLE
 * milliseconds + S16 time zone), long string (0x0C, U32 length), XML document (0x0F, U32 length)
 * and the AVM+ switch (0x11) after which one AMF3 value follows. See {@link AmfObject} and friends
 * for the Java values; the class name of a typed object is kept as a string, never loaded.
 *
 * <p>References: anonymous objects, typed objects, ECMA arrays and strict arrays enter this
 * reader's reference table as they start, so a reference returns the same Java object, and an
 * object may contain itself. The AMF3 values behind AVM+ switches share one AMF3 context (string,
 * object and traits tables) for the life of this reader.
 *
 * <p>Errors: any malformed or truncated input fails with an {@link AmfException} (no other
 * exception escapes), declared lengths and counts are checked against the remaining bytes before
 * anything is allocated, and containers nested deeper than {@value AmfConstants#MAX_DEPTH} are
 * refused. The movieclip (0x04), unsupported (0x0D) and recordset (0x0E) markers are refused too.
 * Malformed UTF-8 decodes to U+FFFD. After a failure the reader refuses further reads.
 *
 * <p>Not thread-safe. The reader reads from the buffer's position and advances it; the buffer's
 * byte order is not used or changed.
 */
public final class Amf0Reader {
  private static final int INITIAL_CAPACITY = 16;

  private final AmfInput in;
  private final List<Object> references = new ArrayList<>();
  private Amf3Decoder amf3;
  private AmfException failure;

  public Amf0Reader(ByteBuffer in) {
    this.in = new AmfInput(Objects.requireNonNull(in, "in"), "amf0");
  }

  public boolean hasRemaining() {
    in.syncFromCaller();
    return in.hasRemaining();
  }

  /** Reads exactly one value; bytes after it are left in the buffer. */
  public Object read() throws AmfException {
    if (failure != null) {
      throw new IllegalStateException("amf0 reader failed earlier: " + failure.getMessage());
    }
    in.syncFromCaller();
    try {
      return readValue(0);
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

  private Object readValue(int depth) throws AmfException {
    int markerOffset = in.offset();
    int marker = in.readU8();
    return switch (marker) {
      case AMF0_NUMBER -> in.readDouble();
      case AMF0_BOOLEAN -> in.readU8() != 0;
      case AMF0_STRING -> readUtf8("amf0 string length");
      case AMF0_OBJECT -> readProperties(new AmfObject(), enter(depth));
      case AMF0_NULL -> null;
      case AMF0_UNDEFINED -> AmfUndefined.INSTANCE;
      case AMF0_REFERENCE -> readReference();
      case AMF0_ECMA_ARRAY -> {
        int ecmaDepth = enter(depth);
        in.readU32(); // the associative count is advisory: the object-end marker ends the array
        yield readProperties(new AmfEcmaArray(), ecmaDepth);
      }
      case AMF0_STRICT_ARRAY -> readStrictArray(enter(depth));
      case AMF0_DATE -> new AmfDate(in.readDouble(), in.readS16());
      case AMF0_LONG_STRING -> readLongUtf8("amf0 long string length");
      case AMF0_XML_DOCUMENT -> new AmfXmlDocument(readLongUtf8("amf0 xml document length"));
      case AMF0_TYPED_OBJECT -> {
        int typedDepth = enter(depth);
        yield readProperties(new AmfObject(readUtf8("amf0 class name length")), typedDepth);
      }
      case AMF0_AVMPLUS_OBJECT -> amf3().readValue(depth);
      case AMF0_OBJECT_END ->
          throw new AmfException("unexpected amf0 object-end marker at offset " + markerOffset);
      case AMF0_MOVIECLIP, AMF0_UNSUPPORTED, AMF0_RECORDSET ->
          throw new AmfException(
              "unsupported amf0 type marker " + hex(marker) + " at offset " + markerOffset);
      default ->
          throw new AmfException(
              "unknown amf0 type marker " + hex(marker) + " at offset " + markerOffset);
    };
  }

  private static int enter(int depth) throws AmfException {
    if (depth >= MAX_DEPTH) {
      throw new AmfException("amf nesting deeper than " + MAX_DEPTH);
    }
    return depth + 1;
  }

  private String readUtf8(String what) throws AmfException {
    int lengthOffset = in.offset();
    return in.readUtf8(in.readU16(), what, lengthOffset);
  }

  private String readLongUtf8(String what) throws AmfException {
    int lengthOffset = in.offset();
    return in.readUtf8(in.readU32(), what, lengthOffset);
  }

  /** Object, typed object and ECMA array members: pairs up to an empty key followed by 0x09. */
  private <M extends Map<String, Object>> M readProperties(M map, int depth) throws AmfException {
    references.add(map);
    while (true) {
      String key = readUtf8("amf0 key length");
      if (key.isEmpty() && in.peekU8() == AMF0_OBJECT_END) {
        in.readU8();
        return map;
      }
      map.put(key, readValue(depth));
    }
  }

  private List<Object> readStrictArray(int depth) throws AmfException {
    int countOffset = in.offset();
    long count = in.readU32();
    in.checkCount("amf0 strict array count", count, 1, countOffset);
    AmfList list = new AmfList((int) Math.min(count, INITIAL_CAPACITY));
    references.add(list);
    for (long i = 0; i < count; i++) {
      list.add(readValue(depth));
    }
    return list;
  }

  private Object readReference() throws AmfException {
    int indexOffset = in.offset();
    int index = in.readU16();
    if (index >= references.size()) {
      throw new AmfException(
          "amf0 reference "
              + index
              + " not in table of "
              + references.size()
              + " at offset "
              + indexOffset);
    }
    return references.get(index);
  }

  private Amf3Decoder amf3() {
    if (amf3 == null) {
      amf3 = new Amf3Decoder(new AmfInput(in, "amf3"));
    }
    return amf3;
  }
}
