package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfConstants.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The AMF3 value decoder behind {@link Amf3Reader} and the AMF0 AVM+ switch, with its three
 * reference tables (Adobe "AMF 3 Specification", January 2013):
 *
 * <ul>
 *   <li>strings: every non-empty string read by value (values, keys, class and member names); the
 *       empty string is never added and never sent by reference;
 *   <li>objects: XMLDocument, date, array, object, XML, ByteArray, vectors and dictionaries, each
 *       added as it starts, before its members, so that a container may contain itself;
 *   <li>traits: every traits block read by value.
 * </ul>
 *
 * <p>A U29 header whose low bit is 0 is a reference (index in the remaining bits); otherwise the
 * remaining bits carry a length or count. Object headers carry more flags: bit 1 clear means a
 * traits reference (index in bits 2 and up); bit 2 set means externalizable traits, which need the
 * class's own code to read and are refused; otherwise bit 3 is the dynamic flag and bits 4 and up
 * the sealed member count.
 */
final class Amf3Decoder {
  private static final int INITIAL_CAPACITY = 16;

  private final AmfInput in;
  private final List<String> strings = new ArrayList<>();
  private final List<Object> objects = new ArrayList<>();
  private final List<Traits> traitsTable = new ArrayList<>();

  /** A class description: name ("" for anonymous), dynamic flag and sealed member names. */
  private record Traits(String className, boolean dynamic, String[] sealedNames) {}

  Amf3Decoder(AmfInput in) {
    this.in = in;
  }

  Object readValue(int depth) throws AmfException {
    int markerOffset = in.offset();
    int marker = in.readU8();
    return switch (marker) {
      case AMF3_UNDEFINED -> AmfUndefined.INSTANCE;
      case AMF3_NULL -> null;
      case AMF3_FALSE -> Boolean.FALSE;
      case AMF3_TRUE -> Boolean.TRUE;
      case AMF3_INTEGER -> (readU29() << 3) >> 3; // sign-extends the 29-bit value
      case AMF3_DOUBLE -> in.readDouble();
      case AMF3_STRING -> readString();
      case AMF3_XML_DOCUMENT -> readXml(true);
      case AMF3_DATE -> readDate();
      case AMF3_ARRAY -> readArray(depth);
      case AMF3_OBJECT -> readObject(depth);
      case AMF3_XML -> readXml(false);
      case AMF3_BYTE_ARRAY -> readByteArray();
      case AMF3_VECTOR_INT, AMF3_VECTOR_UINT, AMF3_VECTOR_DOUBLE, AMF3_VECTOR_OBJECT ->
          readVector(marker, depth);
      case AMF3_DICTIONARY -> readDictionary(depth);
      default ->
          throw new AmfException(
              "unknown amf3 type marker " + hex(marker) + " at offset " + markerOffset);
    };
  }

  private static int enter(int depth) throws AmfException {
    if (depth >= MAX_DEPTH) {
      throw new AmfException("amf nesting deeper than " + MAX_DEPTH);
    }
    return depth + 1;
  }

  /** 1 to 4 bytes: 7 bits per byte while the high bit is set, then all 8 bits of a fourth byte. */
  private int readU29() throws AmfException {
    int value = 0;
    for (int i = 0; i < 3; i++) {
      int b = in.readU8();
      if ((b & 0x80) == 0) {
        return (value << 7) | b;
      }
      value = (value << 7) | (b & 0x7F);
    }
    return (value << 8) | in.readU8();
  }

  private String readString() throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(strings, header >>> 1, "string", headerOffset);
    }
    int length = header >>> 1;
    if (length == 0) {
      return "";
    }
    String s = in.readUtf8(length, "amf3 string length", headerOffset);
    strings.add(s);
    return s;
  }

  private <T> T lookUp(List<T> table, int index, String what, int offset) throws AmfException {
    if (index >= table.size()) {
      throw new AmfException(
          "amf3 "
              + what
              + " reference "
              + index
              + " not in table of "
              + table.size()
              + " at offset "
              + offset);
    }
    return table.get(index);
  }

  private <T> T register(T object) {
    objects.add(object);
    return object;
  }

  private Object readXml(boolean document) throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    String xml =
        in.readUtf8(
            header >>> 1, document ? "amf3 xml document length" : "amf3 xml length", headerOffset);
    return register(document ? new AmfXmlDocument(xml) : new AmfXml(xml));
  }

  private Object readDate() throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    return register(new AmfDate(in.readDouble()));
  }

  private Object readByteArray() throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    return register(in.readBytes(header >>> 1, "amf3 byte array length", headerOffset));
  }

  /** Dense count, associative pairs up to the empty string, then the dense values. */
  private Object readArray(int depth) throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    int inner = enter(depth);
    int denseCount = header >>> 1;
    in.checkCount("amf3 array dense count", denseCount, 1, headerOffset);
    String key = readString();
    List<Object> dense;
    Object array;
    if (key.isEmpty()) {
      dense = register(new AmfList(Math.min(denseCount, INITIAL_CAPACITY)));
      array = dense;
    } else {
      AmfEcmaArray ecma = register(new AmfEcmaArray());
      for (; !key.isEmpty(); key = readString()) {
        ecma.put(key, readValue(inner));
      }
      dense = ecma.dense();
      array = ecma;
    }
    for (int i = 0; i < denseCount; i++) {
      dense.add(readValue(inner));
    }
    return array;
  }

  private Object readObject(int depth) throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    Traits traits = readTraits(header, headerOffset);
    int inner = enter(depth);
    AmfObject object =
        register(new AmfObject(traits.className().isEmpty() ? null : traits.className()));
    for (String name : traits.sealedNames()) {
      object.put(name, readValue(inner));
    }
    if (traits.dynamic()) {
      for (String key = readString(); !key.isEmpty(); key = readString()) {
        object.put(key, readValue(inner));
      }
    }
    return object;
  }

  private Traits readTraits(int header, int headerOffset) throws AmfException {
    if ((header & 2) == 0) {
      return lookUp(traitsTable, header >>> 2, "traits", headerOffset);
    }
    if ((header & 4) != 0) {
      throw new AmfException("externalizable class " + readString() + " is not supported");
    }
    int sealedCount = header >>> 4;
    in.checkCount("amf3 sealed member count", sealedCount, 1, headerOffset);
    String className = readString();
    String[] sealedNames = new String[sealedCount];
    for (int i = 0; i < sealedCount; i++) {
      sealedNames[i] = readString();
    }
    Traits traits = new Traits(className, (header & 8) != 0, sealedNames);
    traitsTable.add(traits);
    return traits;
  }

  /** Count, fixed flag, object type name (object vectors only), then the elements. */
  private Object readVector(int marker, int depth) throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    int inner = enter(depth);
    int count = header >>> 1;
    boolean fixed = in.readU8() != 0;
    switch (marker) {
      case AMF3_VECTOR_INT -> {
        in.checkCount("amf3 int vector count", count, 4, headerOffset);
        AmfList values = new AmfList(count);
        for (int i = 0; i < count; i++) {
          values.add(in.readS32());
        }
        return register(new AmfVector(AmfVector.Kind.INT, fixed, null, values));
      }
      case AMF3_VECTOR_UINT -> {
        in.checkCount("amf3 uint vector count", count, 4, headerOffset);
        AmfList values = new AmfList(count);
        for (int i = 0; i < count; i++) {
          values.add(in.readU32());
        }
        return register(new AmfVector(AmfVector.Kind.UINT, fixed, null, values));
      }
      case AMF3_VECTOR_DOUBLE -> {
        in.checkCount("amf3 double vector count", count, 8, headerOffset);
        AmfList values = new AmfList(count);
        for (int i = 0; i < count; i++) {
          values.add(in.readDouble());
        }
        return register(new AmfVector(AmfVector.Kind.DOUBLE, fixed, null, values));
      }
      default -> {
        String typeName = readString();
        in.checkCount("amf3 object vector count", count, 1, headerOffset);
        AmfList values = new AmfList(Math.min(count, INITIAL_CAPACITY));
        AmfVector vector = register(new AmfVector(AmfVector.Kind.OBJECT, fixed, typeName, values));
        for (int i = 0; i < count; i++) {
          values.add(readValue(inner));
        }
        return vector;
      }
    }
  }

  /** Count, weak-keys flag, then key / value pairs of AMF3 values. */
  private Object readDictionary(int depth) throws AmfException {
    int headerOffset = in.offset();
    int header = readU29();
    if ((header & 1) == 0) {
      return lookUp(objects, header >>> 1, "object", headerOffset);
    }
    int inner = enter(depth);
    int count = header >>> 1;
    boolean weakKeys = in.readU8() != 0;
    in.checkCount("amf3 dictionary count", count, 2, headerOffset);
    AmfDictionary dictionary = register(new AmfDictionary(weakKeys));
    for (int i = 0; i < count; i++) {
      Object key = readValue(inner);
      dictionary.add(key, readValue(inner));
    }
    return dictionary;
  }
}
