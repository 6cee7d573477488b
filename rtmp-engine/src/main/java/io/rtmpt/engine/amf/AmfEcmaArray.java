package io.rtmpt.engine.amf;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * An associative ActionScript array: string keys in wire order, plus the AMF3 dense part.
 *
 * <p>AMF0 ECMA array (marker 0x08): a U32 associative count, then UTF-8 key / value pairs ended by
 * an empty key and the object-end marker 0x09; the reader ignores the count and reads to the end
 * marker. AMF0 has no dense part, so {@link #dense()} is empty for values read from AMF0; {@link
 * Amf0Writer} sends dense values as the keys {@code "0"}, {@code "1"}, ... ahead of the associative
 * ones.
 *
 * <p>AMF3 array (marker 0x09) with an associative part: the associative key / value pairs are this
 * map's entries and the ordinal values are {@link #dense()}. An AMF3 array without associative part
 * reads as a plain {@code List}; an {@code AmfEcmaArray} without entries is written the same way.
 *
 * <p>Equality: only another {@code AmfEcmaArray} with equal entries and an equal dense part. {@code
 * equals}, {@code hashCode} and {@code toString} terminate on cyclic graphs; see {@link AmfGraph}.
 */
public final class AmfEcmaArray extends LinkedHashMap<String, Object> {
  private static final long serialVersionUID = 1L;

  private AmfList dense = new AmfList();

  public AmfEcmaArray() {}

  /** An array with the given associative entries: {@code of("duration", 0.0, "width", 1280.0)}. */
  public static AmfEcmaArray of(Object... keysAndValues) {
    return AmfGraph.putPairs(new AmfEcmaArray(), keysAndValues);
  }

  /** The ordinal (AMF3 dense) values, in order; mutable, empty for AMF0 input. */
  public List<Object> dense() {
    return dense;
  }

  @Override
  public AmfEcmaArray clone() {
    AmfEcmaArray copy = (AmfEcmaArray) super.clone();
    copy.dense = new AmfList(dense);
    return copy;
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
