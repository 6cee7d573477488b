package io.rtmpt.engine.amf;

/**
 * Writes AMF3 values (see {@link Amf3Reader} for the wire format), with one set of reference tables
 * for the life of the writer: a repeated non-empty string, a repeated traits block and a repeated
 * object (by identity; this is what lets cyclic graphs be written) are sent as references.
 *
 * <p>Accepted Java types: {@code null}, {@link AmfUndefined}, {@code Boolean}; {@code Integer},
 * {@code Short}, {@code Byte} and {@code Long} within -2^28 to 2^28-1 as integer, every other
 * {@code Number} as double; {@code String}; {@link AmfDate}, {@link java.time.Instant} and {@link
 * java.util.Date} as date; {@link AmfXmlDocument}, {@link AmfXml}; {@code byte[]} as ByteArray;
 * {@link AmfEcmaArray} as an array with associative part; any other {@code Map} with string keys as
 * an object ({@link AmfObject} typed objects sealed, anonymous ones dynamic); any {@code List} or
 * {@code Object[]} as a dense array; {@link AmfVector}; {@link AmfDictionary}. Anything else, and
 * containers nested deeper than {@value AmfConstants#MAX_DEPTH}, fail with an {@link
 * IllegalArgumentException}, after which the writer refuses further writes.
 *
 * <p>Strings are encoded with {@link java.nio.charset.StandardCharsets#UTF_8}, which replaces
 * unpaired surrogates with '?'. Not thread-safe.
 */
public final class Amf3Writer {
  private final AmfOutput out = new AmfOutput();
  private final Amf3Encoder encoder = new Amf3Encoder(out);
  private boolean failed;

  public Amf3Writer() {}

  public Amf3Writer write(Object value) {
    if (failed) {
      throw new IllegalStateException("amf3 writer failed on an earlier value");
    }
    try {
      encoder.writeValue(value, 0);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
    return this;
  }

  public Amf3Writer writeAll(Object... values) {
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
}
