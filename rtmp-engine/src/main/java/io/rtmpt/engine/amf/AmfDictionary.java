package io.rtmpt.engine.amf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An AMF3 {@code flash.utils.Dictionary} (marker 0x11, Flash Player 10): a U29 entry count (or an
 * object reference), a weak-keys flag byte, then each entry as an AMF3 key value and an AMF3 value.
 * Keys may be any value, objects included.
 *
 * <p>The entries are kept as a list in wire order, not hashed: a key object read through a
 * reference may still be incomplete when the entry is added, and hashing it then would be wrong.
 * Equality compares the weak-keys flag and the entries in order. {@code equals}, {@code hashCode}
 * and {@code toString} terminate on cyclic graphs; see {@link AmfGraph}.
 */
public final class AmfDictionary {
  /** One key / value pair. */
  public record Entry(Object key, Object value) {}

  private final boolean weakKeys;
  private final List<Entry> entries = new ArrayList<>();

  public AmfDictionary() {
    this(false);
  }

  public AmfDictionary(boolean weakKeys) {
    this.weakKeys = weakKeys;
  }

  public boolean weakKeys() {
    return weakKeys;
  }

  /** Appends an entry; an equal key already present is not replaced. */
  public AmfDictionary add(Object key, Object value) {
    entries.add(new Entry(key, value));
    return this;
  }

  /** The value of the first entry whose key is equal to {@code key}, or null. */
  public Object get(Object key) {
    for (Entry entry : entries) {
      if (AmfGraph.equal(entry.key(), key)) {
        return entry.value();
      }
    }
    return null;
  }

  /** The entries in order, unmodifiable. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  public int size() {
    return entries.size();
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
