package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfConstants.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF3 value encoder behind {@link Amf3Writer} and the AMF0 AVM+ switch, with reference tables
 * that mirror {@link Amf3Decoder}'s: a repeated non-empty string (by value), a repeated traits
 * block (same class name, dynamic flag and member names) and a repeated object (by identity) are
 * written as references.
 *
 * <p>Traits policy: an anonymous object is written dynamic with no sealed members (header 0x0B); a
 * typed object is written sealed, every member named in its traits. An anonymous object with an
 * empty member name, which a dynamic object cannot carry, is written sealed too.
 */
final class Amf3Encoder {
  private static final int MAX_LENGTH = U29_MAX >>> 1;

  private final AmfOutput out;
  private final Map<String, Integer> strings = new HashMap<>();
  private final Map<Object, Integer> objects = new IdentityHashMap<>();
  private final Map<List<String>, Integer> traitsTable = new HashMap<>();

  Amf3Encoder(AmfOutput out) {
    this.out = out;
  }

  void writeValue(Object value, int depth) {
    if (value == null) {
      out.writeU8(AMF3_NULL);
    } else if (value == AmfUndefined.INSTANCE) {
      out.writeU8(AMF3_UNDEFINED);
    } else if (value instanceof Boolean b) {
      out.writeU8(b ? AMF3_TRUE : AMF3_FALSE);
    } else if (value instanceof Number n) {
      writeNumber(n);
    } else if (value instanceof String s) {
      out.writeU8(AMF3_STRING);
      writeString(s);
    } else if (value instanceof AmfDate d) {
      writeDate(d, d.epochMillis());
    } else if (value instanceof Instant i) {
      writeDate(i, AmfDate.of(i).epochMillis());
    } else if (value instanceof Date d) {
      writeDate(d, d.getTime());
    } else if (value instanceof AmfXmlDocument x) {
      writeXml(AMF3_XML_DOCUMENT, x, x.xml());
    } else if (value instanceof AmfXml x) {
      writeXml(AMF3_XML, x, x.xml());
    } else if (value instanceof byte[] b) {
      writeByteArray(b);
    } else if (value instanceof AmfEcmaArray a) {
      writeArray(a, a, a.dense(), depth);
    } else if (value instanceof Map<?, ?> m) {
      writeObject(m, depth);
    } else if (value instanceof List<?> l) {
      writeArray(l, Map.of(), l, depth);
    } else if (value instanceof Object[] a) {
      writeArray(a, Map.of(), Arrays.asList(a), depth);
    } else if (value instanceof AmfVector v) {
      writeVector(v, depth);
    } else if (value instanceof AmfDictionary d) {
      writeDictionary(d, depth);
    } else {
      throw new IllegalArgumentException(
          "unsupported amf3 value type " + value.getClass().getName());
    }
  }

  private static int enter(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("amf nesting deeper than " + MAX_DEPTH);
    }
    return depth + 1;
  }

  /**
   * Integer, Short, Byte and Long within the signed 29-bit range as integer, all else as double.
   */
  private void writeNumber(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof Long) {
      long v = n.longValue();
      if (v >= AMF3_INTEGER_MIN && v <= AMF3_INTEGER_MAX) {
        out.writeU8(AMF3_INTEGER);
        out.writeU29((int) v & U29_MAX);
        return;
      }
    }
    out.writeU8(AMF3_DOUBLE);
    out.writeDouble(n.doubleValue());
  }

  /** A U29 length header (low bit 1) checked against the 28 bits it has. */
  private void writeLength(int length, String what) {
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " " + length + " exceeds the amf3 limit " + MAX_LENGTH);
    }
    out.writeU29((length << 1) | 1);
  }

  void writeString(String s) {
    if (s.isEmpty()) {
      out.writeU29(1);
      return;
    }
    Integer index = strings.get(s);
    if (index != null) {
      out.writeU29(index << 1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeLength(utf8.length, "amf3 string length");
    out.writeBytes(utf8);
    strings.put(s, strings.size());
  }

  /** Writes a reference to {@code identity} if it was written before, else registers it. */
  private boolean writtenAsReference(Object identity) {
    Integer index = objects.get(identity);
    if (index != null) {
      out.writeU29(index << 1);
      return true;
    }
    objects.put(identity, objects.size());
    return false;
  }

  private void writeDate(Object identity, double epochMillis) {
    out.writeU8(AMF3_DATE);
    if (!writtenAsReference(identity)) {
      out.writeU29(1);
      out.writeDouble(epochMillis);
    }
  }

  private void writeXml(int marker, Object identity, String xml) {
    out.writeU8(marker);
    if (!writtenAsReference(identity)) {
      byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
      writeLength(utf8.length, "amf3 xml length");
      out.writeBytes(utf8);
    }
  }

  private void writeByteArray(byte[] bytes) {
    out.writeU8(AMF3_BYTE_ARRAY);
    if (!writtenAsReference(bytes)) {
      writeLength(bytes.length, "amf3 byte array length");
      out.writeBytes(bytes);
    }
  }

  private void writeArray(Object identity, Map<?, ?> associative, List<?> dense, int depth) {
    out.writeU8(AMF3_ARRAY);
    if (writtenAsReference(identity)) {
      return;
    }
    int inner = enter(depth);
    writeLength(dense.size(), "amf3 array dense count");
    for (Map.Entry<?, ?> e : associative.entrySet()) {
      if (!(e.getKey() instanceof String key) || key.isEmpty()) {
        throw new IllegalArgumentException(
            "amf3 array key is empty or not a string: " + e.getKey());
      }
      writeString(key);
      writeValue(e.getValue(), inner);
    }
    out.writeU29(1);
    for (Object v : dense) {
      writeValue(v, inner);
    }
  }

  private void writeObject(Map<?, ?> map, int depth) {
    out.writeU8(AMF3_OBJECT);
    if (writtenAsReference(map)) {
      return;
    }
    int inner = enter(depth);
    String className = map instanceof AmfObject o && o.className() != null ? o.className() : "";
    List<String> names = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException("amf3 object key is not a string: " + key);
      }
      names.add(name);
    }
    boolean dynamic = className.isEmpty() && !map.containsKey("");
    writeTraits(className, dynamic, names);
    if (dynamic) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeString((String) e.getKey());
        writeValue(e.getValue(), inner);
      }
      out.writeU29(1);
    } else {
      for (Object v : map.values()) {
        writeValue(v, inner);
      }
    }
  }

  /**
   * Inline traits header: 0b0011 | dynamic << 3 | sealed count << 4; a reference: index << 2 |
   * 0b01.
   */
  private void writeTraits(String className, boolean dynamic, List<String> names) {
    List<String> sealed = dynamic ? List.of() : names;
    List<String> key = new ArrayList<>(sealed.size() + 2);
    key.add(dynamic ? "dynamic" : "sealed");
    key.add(className);
    key.addAll(sealed);
    Integer index = traitsTable.get(key);
    if (index != null) {
      out.writeU29((index << 2) | 1);
      return;
    }
    if (sealed.size() > U29_MAX >>> 4) {
      throw new IllegalArgumentException(
          "amf3 sealed member count " + sealed.size() + " exceeds " + (U29_MAX >>> 4));
    }
    out.writeU29((sealed.size() << 4) | (dynamic ? 0b1011 : 0b0011));
    writeString(className);
    for (String name : sealed) {
      writeString(name);
    }
    traitsTable.put(key, traitsTable.size());
  }

  private void writeVector(AmfVector vector, int depth) {
    out.writeU8(vector.kind().marker());
    if (writtenAsReference(vector)) {
      return;
    }
    int inner = enter(depth);
    List<Object> values = vector.values();
    writeLength(values.size(), "amf3 vector count");
    out.writeU8(vector.fixed() ? 1 : 0);
    switch (vector.kind()) {
      case INT ->
          values.forEach(
              v -> out.writeS32((int) exactInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE)));
      case UINT -> values.forEach(v -> out.writeS32((int) exactInteger(v, 0, 0xFFFFFFFFL)));
      case DOUBLE -> values.forEach(v -> out.writeDouble(number(v).doubleValue()));
      case OBJECT -> {
        writeString(vector.objectTypeName());
        for (Object v : values) {
          writeValue(v, inner);
        }
      }
    }
  }

  private static Number number(Object v) {
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("vector element is not a number: " + v);
    }
    return n;
  }

  private static long exactInteger(Object v, long min, long max) {
    Number n = number(v);
    long l = n.longValue();
    if ((double) l != n.doubleValue() || l < min || l > max) {
      throw new IllegalArgumentException(
          "vector element " + v + " is not an integer in [" + min + ", " + max + "]");
    }
    return l;
  }

  private void writeDictionary(AmfDictionary dictionary, int depth) {
    out.writeU8(AMF3_DICTIONARY);
    if (writtenAsReference(dictionary)) {
      return;
    }
    int inner = enter(depth);
    writeLength(dictionary.size(), "amf3 dictionary count");
    out.writeU8(dictionary.weakKeys() ? 1 : 0);
    for (AmfDictionary.Entry e : dictionary.entries()) {
      writeValue(e.key(), inner);
      writeValue(e.value(), inner);
    }
  }
}
