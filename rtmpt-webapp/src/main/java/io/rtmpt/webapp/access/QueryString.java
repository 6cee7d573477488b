package io.rtmpt.webapp.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query string a client puts after a stream name or application ({@code a=1&b=two}), as pairs
 * in order. Percent escapes and {@code +} are decoded as in a form; a pair without {@code =} has an
 * empty value; empty pairs are skipped.
 */
final class QueryString {
  private QueryString() {}

  /** The pairs in order (a name may repeat). */
  static List<Map.Entry<String, String>> pairs(String query) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.add(Map.entry(decode(name), decode(value)));
    }
    return out;
  }

  /** Name to value; the first of a repeated name wins. */
  static Map<String, String> parse(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> pair : pairs(query)) {
      out.putIfAbsent(pair.getKey(), pair.getValue());
    }
    return out;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a stray '%': taken as it is
    }
  }
}
