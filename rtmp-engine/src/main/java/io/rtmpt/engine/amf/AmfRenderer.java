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
 * quoted. An edge back to a node being printed prints {@code <cycle>}, nodes past {@value
 * #DEPTH_LIMIT} levels print {@code …}, and output stops at {@value #LENGTH_LIMIT} characters
 * followed by {@code …}, so that printing a hostile graph (deep, or wide through references) or a
 * huge string stays cheap.
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
      text("<cycle>");
    } else if (depth >= DEPTH_LIMIT) {
      text('…');
    } else {
      path.put(value, Boolean.TRUE);
      node(kind, value, depth + 1);
      path.remove(value);
    }
  }

  private boolean full() {
    return out.length() >= LENGTH_LIMIT;
  }

  /** Appends as much of {@code text} as the length budget allows. */
  private void text(Object text) {
    String s = String.valueOf(text);
    int room = LENGTH_LIMIT - out.length();
    if (room > 0) {
      out.append(s, 0, Math.min(s.length(), room));
    }
  }

  private void leaf(Kind kind, Object value) {
    if (value instanceof String s) {
      text('"');
      text(s);
      text('"');
    } else if (kind == Kind.BYTES) {
      byte[] bytes = (byte[]) value;
      StringBuilder hex = new StringBuilder("bytes[").append(bytes.length).append(':');
      for (int i = 0; i < Math.min(bytes.length, BYTES_LIMIT); i++) {
        hex.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(bytes[i] & 0xF, 16));
      }
      text(hex.append(bytes.length > BYTES_LIMIT ? "…]" : "]"));
    } else {
      text(value);
    }
  }

  private void node(Kind kind, Object value, int depth) {
    switch (kind) {
      case OBJECT -> {
        String className = ((AmfObject) value).className();
        text(className == null ? "" : className);
        map((Map<?, ?>) value, depth);
      }
      case ECMA -> {
        text("ecma");
        List<Object> dense = ((AmfEcmaArray) value).dense();
        if (!dense.isEmpty()) {
          render(dense, depth);
        }
        map((Map<?, ?>) value, depth);
      }
      case MAP -> map((Map<?, ?>) value, depth);
      case LIST -> {
        text('[');
        String separator = "";
        for (Object e : (List<?>) value) {
          if (full()) {
            return;
          }
          text(separator);
          separator = ", ";
          render(e, depth);
        }
        text(']');
      }
      case VECTOR -> {
        AmfVector v = (AmfVector) value;
        text(v.fixed() ? "fixed vector<" : "vector<");
        text(
            v.kind() == AmfVector.Kind.OBJECT
                ? v.objectTypeName()
                : v.kind().name().toLowerCase(Locale.ROOT));
        text('>');
        render(v.values(), depth);
      }
      case DICTIONARY -> {
        AmfDictionary d = (AmfDictionary) value;
        text(d.weakKeys() ? "weak dictionary{" : "dictionary{");
        String separator = "";
        for (AmfDictionary.Entry e : d.entries()) {
          if (full()) {
            return;
          }
          text(separator);
          separator = ", ";
          render(e.key(), depth);
          text(" => ");
          render(e.value(), depth);
        }
        text('}');
      }
      default -> throw new AssertionError(kind);
    }
  }

  private void map(Map<?, ?> map, int depth) {
    text('{');
    String separator = "";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (full()) {
        return;
      }
      text(separator);
      text(e.getKey());
      text('=');
      separator = ", ";
      render(e.getValue(), depth);
    }
    text('}');
  }
}
