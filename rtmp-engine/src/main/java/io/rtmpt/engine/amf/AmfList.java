package io.rtmpt.engine.amf;

import java.util.ArrayList;
import java.util.Collection;

/**
 * The list the readers decode AMF0 strict arrays, AMF3 dense arrays, vector values and ECMA array
 * dense parts into. It is an ordinary {@link ArrayList} whose {@code equals}, {@code hashCode} and
 * {@code toString} survive the cycles that AMF references can build (see {@link AmfGraph}).
 */
final class AmfList extends ArrayList<Object> {
  private static final long serialVersionUID = 1L;

  AmfList() {}

  AmfList(int initialCapacity) {
    super(initialCapacity);
  }

  AmfList(Collection<?> values) {
    super(values);
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
