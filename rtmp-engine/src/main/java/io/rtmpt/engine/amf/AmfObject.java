package io.rtmpt.engine.amf;

import java.util.LinkedHashMap;

/**
 * An ActionScript object: its members in wire order, and the class name it was sent with.
 *
 * <p>On the wire: AMF0 anonymous object (marker 0x03: UTF-8 key / value pairs ended by an empty key
 * and the object-end marker 0x09), AMF0 typed object (marker 0x10: a UTF-8 class name, then the
 * same pairs), AMF3 object (marker 0x0A: traits with class name and sealed member names, sealed
 * values, then dynamic key / value pairs ended by the empty string). The class name is kept as a
 * string: the codec never loads or instantiates a class named by its input.
 *
 * <p>{@link #className()} is {@code null} for anonymous objects (AMF3 sends them with the empty
 * class name). AMF3 sealed and dynamic members are merged in wire order (sealed first); {@link
 * Amf3Writer} sends anonymous objects as dynamic and typed objects as sealed.
 *
 * <p>Equality is stricter than {@link java.util.Map#equals}: an {@code AmfObject} equals only
 * another {@code AmfObject} with the same class name and equal members (in any order). {@code
 * equals}, {@code hashCode} and {@code toString} terminate on cyclic graphs; see {@link AmfGraph}.
 */
public final class AmfObject extends LinkedHashMap<String, Object> {
  private static final long serialVersionUID = 1L;

  private final String className;

  /** An anonymous object. */
  public AmfObject() {
    this(null);
  }

  /** An object of the given class, or anonymous if {@code className} is null. */
  public AmfObject(String className) {
    this.className = className;
  }

  /**
   * An anonymous object with the given members: {@code of("app", "live", "type", "nonprivate")}.
   */
  public static AmfObject of(Object... keysAndValues) {
    return AmfGraph.putPairs(new AmfObject(), keysAndValues);
  }

  /** A typed object with the given members. */
  public static AmfObject typed(String className, Object... keysAndValues) {
    return AmfGraph.putPairs(new AmfObject(className), keysAndValues);
  }

  /** The class name, or null for an anonymous object. */
  public String className() {
    return className;
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
