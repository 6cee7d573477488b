package io.rtmpt.engine.amf;

import io.rtmpt.engine.amf.AmfGraph.Kind;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code toString} of decoded values: {@code {app="live", n=1.0}} for an anonymous object,
 * {@code com.example.Foo{...}} for a typed one, {@code ecma[dense]{...}}, {@code [..]} for lists,
 * {@code vector<int>[..]}, {@code dictionary{key => value}}, {@code bytes[length:hex]}; strings are
 * quoted. An edge back to a node being printed prints {@code <cycle>}, nodes past
 * {@value #DEPTH_LIMIT} levels print {@code …}, and output stops after about {@value #LENGTH_LIMIT}
 * characters, so that printing a hostile graph (deep, or wide through references) stays cheap.
 */
final class AmfRenderer {
  static final int DEPTH_LIMIT = 100;
  static final int LENGTH_LIMIT = 1 << 16;
  private static final int BYTES_LIMIT = 32;

  private final StringBuilder out = new StringBuilder();
  private final Map<Object, Boolean> path = new IdentityHashMap<>();

  private AmfRenderer() {}

  static String render(Object root) {
    AmfRenderer renderer = new AmfRenderer();
    renderer.render(root, 0);
    if (renderer.out.length() >= LENGTH_LIMIT) {
      renderer.out.append('…');
    }
    return renderer.out.toString();
  }

  private void render(Object value, int depth) {
    if (full()) {
      return;
    }
    Kind kind = AmfGraph.kind(value);
    if (!kind.isNode()) {
      leaf(kind, value);
    } else if (path.containsKey(value)) {
      out.append("<cycle>");
    } else if (depth >= DEPTH_LIMIT) {
      out.append('…');
    } else {
      path.put(value, Boolean.TRUE);
      node(kind, value, depth + 1);
      path.remove(value);
    }
  }

  private boolean full() {
    return out.length() >= LENGTH_LIMIT;
  }

  private void leaf(Kind kind, Object value) {
    if (value instanceof String s) {
      out.append('"').append(s).append('"');
    } else if (kind == Kind.BYTES) {
      byte[] bytes = (byte[]) value;
      out.append("bytes[").append(bytes.length).append(':');
      for (int i = 0; i < Math.min(bytes.length, BYTES_LIMIT); i++) {
        out.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
      }
      out.append(bytes.length > BYTES_LIMIT ? "…]" : "]");
    } else {
      out.append(value);
    }
  }

  private void node(Kind kind, Object value, int depth) {
    switch (kind) {
      case OBJECT:
        String className = ((AmfObject) value).className();
        out.append(className == null ? "" : className);
        map((Map<?, ?>) value, depth);
        break;
      case ECMA:
        out.append("ecma");
        List<Object> dense = ((AmfEcmaArray) value).dense();
        if (!dense.isEmpty()) {
          render(dense, depth);
        }
        map((Map<?, ?>) value, depth);
        break;
      case MAP:
        map((Map<?, ?>) value, depth);
        break;
      case LIST:
        out.append('[');
        String separator = "";
        for (Object e : (List<?>) value) {
          if (full()) {
            break;
          }
          out.append(separator);
          separator = ", ";
          render(e, depth);
        }
        out.append(']');
        break;
      case VECTOR:
        AmfVector v = (AmfVector) value;
        out.append(v.fixed() ? "fixed vector<" : "vector<");
        out.append(v.kind() == AmfVector.Kind.OBJECT ? v.objectTypeName() : v.kind().name().toLowerCase(Locale.ROOT));
        out.append('>');
        render(v.values(), depth);
        break;
      case DICTIONARY:
        AmfDictionary d = (AmfDictionary) value;
        out.append(d.weakKeys() ? "weak dictionary{" : "dictionary{");
        String sep = "";
        for (AmfDictionary.Entry e : d.entries()) {
          if (full()) {
            break;
          }
          out.append(sep);
          sep = ", ";
          render(e.key(), depth);
          out.append(" => ");
          render(e.value(), depth);
        }
        out.append('}');
        break;
      default:
        throw new AssertionError(kind);
    }
  }

  private void map(Map<?, ?> map, int depth) {
    out.append('{');
    String separator = "";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (full()) {
        break;
      }
      out.append(separator).append(e.getKey()).append('=');
      separator = ", ";
      render(e.getValue(), depth);
    }
    out.append('}');
  }
}
