package io.rtmpt.engine.amf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Equality, hashing and rendering of decoded value graphs, which AMF references can make cyclic (an
 * object that contains itself) and very wide (one object referenced from many places).
 *
 * <ul>
 *   <li>{@link #equal} walks both graphs with an explicit work list and treats a pair of nodes that
 *       is already being compared as equal (coinductive equality), so it terminates on cycles and
 *       visits each pair of nodes once.
 *   <li>{@link #hash} computes the {@code List}/{@code Map} hash formulas bottom-up with an
 *       explicit stack, each node once, so on acyclic graphs the result is the JDK's and a decoded
 *       list hashes like any equal {@code List}. A graph with a cycle is hashed as its unrolled
 *       tree cut a few levels down, which equal graphs share whatever their shape.
 *   <li>{@link #render} prints {@code <cycle>} for an edge back to a node being printed, {@code …}
 *       past {@value #RENDER_DEPTH_LIMIT} levels, and stops after about {@value
 *       #RENDER_LENGTH_LIMIT} characters.
 * </ul>
 *
 * <p>Node kinds: {@link AmfObject} (equal only to an {@code AmfObject} with the same class name),
 * {@link AmfEcmaArray}, any other {@code Map}, any {@code List}, {@link AmfVector}, {@link
 * AmfDictionary}; {@code byte[]} compares by content; everything else by its own {@code equals}.
 */
final class AmfGraph {
  private static final int UNROLLED_HASH_DEPTH = 8;

  enum Kind {
    LEAF,
    BYTES,
    OBJECT,
    ECMA,
    MAP,
    LIST,
    VECTOR,
    DICTIONARY;

    boolean isNode() {
      return ordinal() >= OBJECT.ordinal();
    }
  }

  private AmfGraph() {}

  static Kind kind(Object v) {
    if (v instanceof AmfObject) {
      return Kind.OBJECT;
    } else if (v instanceof AmfEcmaArray) {
      return Kind.ECMA;
    } else if (v instanceof Map) {
      return Kind.MAP;
    } else if (v instanceof List) {
      return Kind.LIST;
    } else if (v instanceof AmfVector) {
      return Kind.VECTOR;
    } else if (v instanceof AmfDictionary) {
      return Kind.DICTIONARY;
    } else if (v instanceof byte[]) {
      return Kind.BYTES;
    }
    return Kind.LEAF;
  }

  static <M extends Map<String, Object>> M putPairs(M map, Object[] keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of keys and values: " + keysAndValues.length);
    }
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (!(keysAndValues[i] instanceof String key)) {
        throw new IllegalArgumentException(
            "key " + i / 2 + " is not a string: " + keysAndValues[i]);
      }
      map.put(key, keysAndValues[i + 1]);
    }
    return map;
  }

  // ---- equality ----

  static boolean equal(Object a, Object b) {
    List<Object> work = new ArrayList<>(); // pairs, flattened; ArrayDeque refuses nulls
    Set<IdentityPair> compared = new HashSet<>();
    work.add(a);
    work.add(b);
    while (!work.isEmpty()) {
      Object y = work.remove(work.size() - 1);
      Object x = work.remove(work.size() - 1);
      if (x == y) {
        continue;
      }
      Kind kind = kind(x);
      if (kind != kind(y)) {
        return false;
      }
      if (!kind.isNode()) {
        if (kind == Kind.BYTES ? !Arrays.equals((byte[]) x, (byte[]) y) : !Objects.equals(x, y)) {
          return false;
        }
      } else if (compared.add(new IdentityPair(x, y)) && !shallowEqual(kind, x, y, work)) {
        return false;
      }
    }
    return true;
  }

  /** Compares what x and y hold directly and queues their children as pairs. */
  private static boolean shallowEqual(Kind kind, Object x, Object y, List<Object> work) {
    return switch (kind) {
      case OBJECT ->
          Objects.equals(((AmfObject) x).className(), ((AmfObject) y).className())
              && mapsEqual((Map<?, ?>) x, (Map<?, ?>) y, work);
      case ECMA -> {
        work.add(((AmfEcmaArray) x).dense());
        work.add(((AmfEcmaArray) y).dense());
        yield mapsEqual((Map<?, ?>) x, (Map<?, ?>) y, work);
      }
      case MAP -> mapsEqual((Map<?, ?>) x, (Map<?, ?>) y, work);
      case LIST -> {
        List<?> xs = (List<?>) x;
        List<?> ys = (List<?>) y;
        if (xs.size() != ys.size()) {
          yield false;
        }
        Iterator<?> yi = ys.iterator();
        for (Object xe : xs) {
          work.add(xe);
          work.add(yi.next());
        }
        yield true;
      }
      case VECTOR -> {
        AmfVector xv = (AmfVector) x;
        AmfVector yv = (AmfVector) y;
        work.add(xv.values());
        work.add(yv.values());
        yield xv.kind() == yv.kind()
            && xv.fixed() == yv.fixed()
            && Objects.equals(xv.objectTypeName(), yv.objectTypeName());
      }
      case DICTIONARY -> {
        AmfDictionary xd = (AmfDictionary) x;
        AmfDictionary yd = (AmfDictionary) y;
        if (xd.weakKeys() != yd.weakKeys() || xd.size() != yd.size()) {
          yield false;
        }
        for (int i = 0; i < xd.size(); i++) {
          AmfDictionary.Entry xe = xd.entries().get(i);
          AmfDictionary.Entry ye = yd.entries().get(i);
          work.add(xe.key());
          work.add(ye.key());
          work.add(xe.value());
          work.add(ye.value());
        }
        yield true;
      }
      default -> throw new AssertionError(kind);
    };
  }

  private static boolean mapsEqual(Map<?, ?> x, Map<?, ?> y, List<Object> work) {
    if (x.size() != y.size()) {
      return false;
    }
    for (Map.Entry<?, ?> e : x.entrySet()) {
      if (!y.containsKey(e.getKey())) {
        return false;
      }
      work.add(e.getValue());
      work.add(y.get(e.getKey()));
    }
    return true;
  }

  /** A pair of nodes compared by identity. */
  private record IdentityPair(Object x, Object y) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityPair p && p.x == x && p.y == y;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(x) * 31 + System.identityHashCode(y);
    }
  }

  // ---- hashing ----

  static int hash(Object root) {
    Kind rootKind = kind(root);
    if (!rootKind.isNode()) {
      return leafHash(rootKind, root);
    }
    Map<Object, Integer> done = new IdentityHashMap<>();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    List<Frame> stack = new ArrayList<>();
    boolean cyclic = false;
    seen.put(root, Boolean.TRUE);
    stack.add(new Frame(root, rootKind));
    while (!stack.isEmpty()) {
      Frame top = stack.get(stack.size() - 1);
      if (top.children.hasNext()) {
        Object child = top.children.next();
        Kind childKind = kind(child);
        if (childKind.isNode()) {
          if (seen.put(child, Boolean.TRUE) == null) {
            stack.add(new Frame(child, childKind));
          } else if (!done.containsKey(child)) {
            cyclic = true; // an edge back to a node on the stack
          }
        }
      } else {
        stack.remove(stack.size() - 1);
        done.put(top.node, combine(top.kind, top.node, done));
      }
    }
    return cyclic ? unrolledHash(root, seen.keySet()) : done.get(root);
  }

  /**
   * The hash of the graph unrolled into a tree and cut {@value #UNROLLED_HASH_DEPTH} levels down.
   * Equal cyclic graphs unroll into the same infinite tree, so they get the same hash whatever
   * their shape; computed level by level over the reachable nodes, without recursion.
   */
  private static int unrolledHash(Object root, Set<Object> nodes) {
    Map<Object, Integer> level = new IdentityHashMap<>();
    for (Object node : nodes) {
      level.put(node, 0);
    }
    for (int i = 0; i < UNROLLED_HASH_DEPTH; i++) {
      Map<Object, Integer> next = new IdentityHashMap<>();
      for (Object node : nodes) {
        next.put(node, combine(kind(node), node, level));
      }
      level = next;
    }
    return level.get(root);
  }

  /** A node being hashed and the iterator over the children not yet visited. */
  private static final class Frame {
    final Object node;
    final Kind kind;
    final Iterator<?> children;

    Frame(Object node, Kind kind) {
      this.node = node;
      this.kind = kind;
      this.children = children(kind, node).iterator();
    }
  }

  private static List<?> children(Kind kind, Object node) {
    return switch (kind) {
      case ECMA -> {
        List<Object> all = new ArrayList<>(((Map<?, ?>) node).values());
        all.add(((AmfEcmaArray) node).dense());
        yield all;
      }
      case OBJECT, MAP -> new ArrayList<>(((Map<?, ?>) node).values());
      case LIST -> (List<?>) node;
      case VECTOR -> List.of(((AmfVector) node).values());
      case DICTIONARY -> {
        List<Object> keysAndValues = new ArrayList<>();
        for (AmfDictionary.Entry e : ((AmfDictionary) node).entries()) {
          keysAndValues.add(e.key());
          keysAndValues.add(e.value());
        }
        yield keysAndValues;
      }
      default -> throw new AssertionError(kind);
    };
  }

  /** The hash of a node whose children are all in {@code done}, or are still being hashed. */
  private static int combine(Kind kind, Object node, Map<Object, Integer> done) {
    return switch (kind) {
      case OBJECT ->
          mapHash((Map<?, ?>) node, done) + 31 * Objects.hashCode(((AmfObject) node).className());
      case ECMA ->
          mapHash((Map<?, ?>) node, done) + 31 * hashOf(((AmfEcmaArray) node).dense(), done);
      case MAP -> mapHash((Map<?, ?>) node, done);
      case LIST -> {
        int h = 1;
        for (Object e : (List<?>) node) {
          h = 31 * h + hashOf(e, done);
        }
        yield h;
      }
      case VECTOR -> {
        AmfVector v = (AmfVector) node;
        yield Objects.hash(v.kind(), v.fixed(), v.objectTypeName()) * 31 + hashOf(v.values(), done);
      }
      case DICTIONARY -> {
        AmfDictionary d = (AmfDictionary) node;
        int dh = Boolean.hashCode(d.weakKeys());
        for (AmfDictionary.Entry e : d.entries()) {
          dh = 31 * (31 * dh + hashOf(e.key(), done)) + hashOf(e.value(), done);
        }
        yield dh;
      }
      default -> throw new AssertionError(kind);
    };
  }

  private static int mapHash(Map<?, ?> map, Map<Object, Integer> done) {
    int h = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      h += Objects.hashCode(e.getKey()) ^ hashOf(e.getValue(), done);
    }
    return h;
  }

  private static int hashOf(Object value, Map<Object, Integer> done) {
    Kind kind = kind(value);
    return kind.isNode() ? done.getOrDefault(value, 0) : leafHash(kind, value);
  }

  private static int leafHash(Kind kind, Object value) {
    return kind == Kind.BYTES ? Arrays.hashCode((byte[]) value) : Objects.hashCode(value);
  }

  static String render(Object root) {
    return AmfRenderer.render(root);
  }
}
