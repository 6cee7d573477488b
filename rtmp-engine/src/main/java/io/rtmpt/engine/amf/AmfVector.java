package io.rtmpt.engine.amf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An AMF3 {@code Vector} (Flash Player 10): markers 0x0D {@code Vector.<int>}, 0x0E {@code
 * Vector.<uint>}, 0x0F {@code Vector.<Number>}, 0x10 {@code Vector.<Object>}. On the wire: a U29
 * element count (or an object reference), a fixed-length flag byte, for object vectors the element
 * type name as an AMF3 string, then the elements: S32, U32 or DOUBLE big-endian, or AMF3 values.
 *
 * <p>Element types when read: {@link Kind#INT} gives {@code Integer}, {@link Kind#UINT} gives
 * {@code Long} (0 to 2^32-1), {@link Kind#DOUBLE} gives {@code Double}, {@link Kind#OBJECT} gives
 * any value. The writers accept any {@code Number} whose value is exact for the kind.
 *
 * <p>{@code values} is kept as given, not copied: the readers register a vector before reading its
 * elements so that an object vector may contain itself. {@code equals}, {@code hashCode} and {@code
 * toString} terminate on such cycles; see {@link AmfGraph}.
 *
 * @param objectTypeName the element type name of an {@link Kind#OBJECT} vector ({@code ""} when not
 *     given), null for the other kinds
 */
public record AmfVector(Kind kind, boolean fixed, String objectTypeName, List<Object> values) {
  /** The element kind, carrying its AMF3 type marker. */
  public enum Kind {
    INT(0x0D),
    UINT(0x0E),
    DOUBLE(0x0F),
    OBJECT(0x10);

    private final int marker;

    Kind(int marker) {
      this.marker = marker;
    }

    public int marker() {
      return marker;
    }
  }

  public AmfVector {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(values, "values");
    if (kind == Kind.OBJECT) {
      objectTypeName = objectTypeName == null ? "" : objectTypeName;
    } else if (objectTypeName != null) {
      throw new IllegalArgumentException(
          kind + " vector has no object type name: " + objectTypeName);
    }
  }

  public static AmfVector ofInts(int... values) {
    AmfList list = new AmfList(values.length);
    for (int v : values) {
      list.add(v);
    }
    return new AmfVector(Kind.INT, false, null, list);
  }

  public static AmfVector ofUints(long... values) {
    AmfList list = new AmfList(values.length);
    for (long v : values) {
      list.add(v);
    }
    return new AmfVector(Kind.UINT, false, null, list);
  }

  public static AmfVector ofDoubles(double... values) {
    AmfList list = new AmfList(values.length);
    for (double v : values) {
      list.add(v);
    }
    return new AmfVector(Kind.DOUBLE, false, null, list);
  }

  public static AmfVector ofObjects(String objectTypeName, Object... values) {
    return new AmfVector(Kind.OBJECT, false, objectTypeName, new AmfList(Arrays.asList(values)));
  }

  @Override
  public boolean equals(Object o) {
    return AmfGraph.equal(this, o);
  }

  @Override
  public int hashCode() {
    return AmfGraph.hash(this);
  }

  @Override
  public String toString() {
    return AmfGraph.render(this);
  }
}
