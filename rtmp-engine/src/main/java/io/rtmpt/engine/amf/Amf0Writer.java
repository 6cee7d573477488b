package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfConstants.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes AMF0 values (see {@link Amf0Reader} for the wire format).
 *
 * <p>Accepted Java types: {@code null}, {@link AmfUndefined}, {@code Boolean}; every {@code Number}
 * (Integer included) as an AMF0 number, a double; {@code String} as string, or as long string when
 * its UTF-8 form is over 65535 bytes; {@link AmfObject} as object, or typed object when it has a
 * class name; {@link AmfEcmaArray} as ECMA array (its dense values first, under the keys "0", "1",
 * ...); any other {@code Map} with string keys as an anonymous object; any {@code List} or {@code
 * Object[]} as strict array; {@link AmfDate}, {@link java.time.Instant} and {@link java.util.Date}
 * as date (time zone 0); {@link AmfXmlDocument} as XML document. The AMF3-only types {@code
 * byte[]}, {@link AmfXml}, {@link AmfVector} and {@link AmfDictionary} are written through the AVM+
 * switch (0x11 and one AMF3 value); the AMF3 values of one writer share one AMF3 context, as in
 * {@link Amf0Reader}.
 *
 * <p>An object, ECMA array or strict array written before (by identity) is written as a reference
 * (0x07, U16 index), which is also what lets a cyclic graph be written. Anything else, a key or
 * class name over 65535 UTF-8 bytes, and containers nested deeper than {@value
 * AmfConstants#MAX_DEPTH} fail with an {@link IllegalArgumentException}, after which the writer
 * refuses further writes. Strings are encoded with {@link StandardCharsets#UTF_8} (unpaired
 * surrogates become '?'). Not thread-safe.
 */
public final class Amf0Writer {
  private final AmfOutput out = new AmfOutput();
  private final Map<Object, Integer> references = new IdentityHashMap<>();
  private int referenceCount;
  private Amf3Encoder amf3;
  private boolean failed;

  public Amf0Writer() {}

  public Amf0Writer write(Object value) {
    if (failed) {
      throw new IllegalStateException("amf0 writer failed on an earlier value");
    }
    try {
      writeValue(value, 0);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
    return this;
  }

  public Amf0Writer writeAll(Object... values) {
    for (Object value : values) {
      write(value);
    }
    return this;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** The number of bytes written so far. */
  public int size() {
    return out.size();
  }

  private void writeValue(Object value, int depth) {
    if (value == null) {
      out.writeU8(AMF0_NULL);
    } else if (value == AmfUndefined.INSTANCE) {
      out.writeU8(AMF0_UNDEFINED);
    } else if (value instanceof Boolean b) {
      out.writeU8(AMF0_BOOLEAN);
      out.writeU8(b ? 1 : 0);
    } else if (value instanceof Number n) {
      out.writeU8(AMF0_NUMBER);
      out.writeDouble(n.doubleValue());
    } else if (value instanceof String s) {
      writeString(s);
    } else if (value instanceof AmfDate d) {
      writeDate(d.epochMillis());
    } else if (value instanceof Instant i) {
      writeDate(AmfDate.of(i).epochMillis());
    } else if (value instanceof Date d) {
      writeDate(d.getTime());
    } else if (value instanceof AmfXmlDocument x) {
      byte[] utf8 = x.xml().getBytes(StandardCharsets.UTF_8);
      out.writeU8(AMF0_XML_DOCUMENT);
      out.writeS32(utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof AmfEcmaArray a) {
      writeEcmaArray(a, depth);
    } else if (value instanceof Map<?, ?> m) {
      writeObject(m, depth);
    } else if (value instanceof List<?> l) {
      writeStrictArray(l, l, depth);
    } else if (value instanceof Object[] a) {
      writeStrictArray(a, Arrays.asList(a), depth);
    } else if (value instanceof byte[]
        || value instanceof AmfXml
        || value instanceof AmfVector
        || value instanceof AmfDictionary) {
      out.writeU8(AMF0_AVMPLUS_OBJECT);
      if (amf3 == null) {
        amf3 = new Amf3Encoder(out);
      }
      amf3.writeValue(value, depth);
    } else {
      throw new IllegalArgumentException(
          "unsupported amf0 value type " + value.getClass().getName());
    }
  }

  private static int enter(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("amf nesting deeper than " + MAX_DEPTH);
    }
    return depth + 1;
  }

  private void writeString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= AMF0_MAX_SHORT_STRING) {
      out.writeU8(AMF0_STRING);
      out.writeU16(utf8.length);
    } else {
      out.writeU8(AMF0_LONG_STRING);
      out.writeS32(utf8.length);
    }
    out.writeBytes(utf8);
  }

  /** A key or class name: U16 length and UTF-8, no marker. */
  private void writeUtf8(Object key, String what) {
    if (!(key instanceof String s)) {
      throw new IllegalArgumentException("amf0 " + what + " is not a string: " + key);
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > AMF0_MAX_SHORT_STRING) {
      throw new IllegalArgumentException(
          "amf0 " + what + " of " + utf8.length + " utf-8 bytes exceeds 65535");
    }
    out.writeU16(utf8.length);
    out.writeBytes(utf8);
  }

  private void writeDate(double epochMillis) {
    out.writeU8(AMF0_DATE);
    out.writeDouble(epochMillis);
    out.writeU16(0);
  }

  /**
   * Writes a reference if {@code identity} was written before at an index a U16 can carry;
   * otherwise counts the inline copy about to be written, as the reader will.
   */
  private boolean writtenAsReference(Object identity) {
    Integer index = references.get(identity);
    if (index != null && index <= AMF0_MAX_REFERENCE) {
      out.writeU8(AMF0_REFERENCE);
      out.writeU16(index);
      return true;
    }
    references.putIfAbsent(identity, referenceCount++);
    return false;
  }

  private void writeObject(Map<?, ?> map, int depth) {
    if (writtenAsReference(map)) {
      return;
    }
    int inner = enter(depth);
    String className = map instanceof AmfObject o ? o.className() : null;
    if (className == null) {
      out.writeU8(AMF0_OBJECT);
    } else {
      out.writeU8(AMF0_TYPED_OBJECT);
      writeUtf8(className, "class name");
    }
    writeProperties(map, inner);
  }

  private void writeEcmaArray(AmfEcmaArray array, int depth) {
    if (writtenAsReference(array)) {
      return;
    }
    int inner = enter(depth);
    out.writeU8(AMF0_ECMA_ARRAY);
    List<Object> dense = array.dense();
    out.writeS32(dense.size() + array.size());
    for (int i = 0; i < dense.size(); i++) {
      writeUtf8(Integer.toString(i), "key");
      writeValue(dense.get(i), inner);
    }
    writeProperties(array, inner);
  }

  /** Key / value pairs, then the empty key and the object-end marker. */
  private void writeProperties(Map<?, ?> map, int depth) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      writeUtf8(e.getKey(), "key");
      writeValue(e.getValue(), depth);
    }
    out.writeU16(0);
    out.writeU8(AMF0_OBJECT_END);
  }

  private void writeStrictArray(Object identity, List<?> values, int depth) {
    if (writtenAsReference(identity)) {
      return;
    }
    int inner = enter(depth);
    out.writeU8(AMF0_STRICT_ARRAY);
    out.writeS32(values.size());
    for (Object v : values) {
      writeValue(v, inner);
    }
  }
}
