package io.rtmpt.webapp.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics} in the Prometheus text format, as a map from {@code
 * name{label="value",...}} (labels sorted by name) to the sample's value.
 */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, Double> samples;
  private final String text;

  private Scrape(Map<String, Double> samples, String text) {
    this.samples = samples;
    this.text = text;
  }

  static Scrape parse(String text) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.put(key(m.group(1), labels), Double.parseDouble(m.group(3)));
    }
    return new Scrape(samples, text);
  }

  /** {@code key("rtmpt_bytes_total", "transport", "rtmp", "direction", "in")}. */
  static String key(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return key(name, labels);
  }

  private static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
    sb.setLength(sb.length() - 1);
    return sb.append('}').toString();
  }

  /** The value of a sample; fails (with the whole scrape in the message) when it is missing. */
  double value(String name, String... labelPairs) {
    Double v = samples.get(key(name, labelPairs));
    if (v == null) {
      throw new AssertionError("no sample " + key(name, labelPairs) + " in:\n" + text);
    }
    return v;
  }

  String text() {
    return text;
  }
}
