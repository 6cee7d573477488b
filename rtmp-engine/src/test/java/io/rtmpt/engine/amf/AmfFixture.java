package io.rtmpt.engine.amf;

import io.rtmpt.engine.testing.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One wire fixture: the values a reader returns from {@code bytes} (readAll) and that a writer
 * turns into {@code bytes} (writeAll). Rows whose encoding is not the writer's canonical one decode
 * only; rows for Java types that do not come back out of a reader (Integer in AMF0, Instant...)
 * encode only.
 */
record AmfFixture(String name, List<Object> values, byte[] bytes, Direction direction) {
  enum Direction {
    BOTH,
    DECODE_ONLY,
    ENCODE_ONLY
  }

  static AmfFixture both(String name, Object value, String... hex) {
    return new AmfFixture(name, list(value), Hex.decode(hex), Direction.BOTH);
  }

  static AmfFixture decodeOnly(String name, Object value, String... hex) {
    return new AmfFixture(name, list(value), Hex.decode(hex), Direction.DECODE_ONLY);
  }

  static AmfFixture encodeOnly(String name, Object value, String... hex) {
    return new AmfFixture(name, list(value), Hex.decode(hex), Direction.ENCODE_ONLY);
  }

  /** A row of several top-level values. */
  static AmfFixture bothAll(String name, List<Object> values, String... hex) {
    return new AmfFixture(name, values, Hex.decode(hex), Direction.BOTH);
  }

  static AmfFixture decodeOnlyAll(String name, List<Object> values, String... hex) {
    return new AmfFixture(name, values, Hex.decode(hex), Direction.DECODE_ONLY);
  }

  boolean decodes() {
    return direction != Direction.ENCODE_ONLY;
  }

  boolean encodes() {
    return direction != Direction.DECODE_ONLY;
  }

  /** A mutable list that, unlike List.of, takes nulls. */
  static List<Object> list(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  @Override
  public String toString() {
    return name;
  }
}
