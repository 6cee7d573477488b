package io.rtmpt.webapp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown of {@code docs/benchmarks.md}: machine, one summary row per figure against its goal,
 * then one section per benchmark with its method, tables and notes.
 */
final class Report {
  /**
   * One summary row.
   *
   * @param id "B1".."B7"
   * @param figure what is compared
   * @param measured the figure and what it was computed from
   * @param goal the goal, e.g. "&gt;= 0.7"
   * @param met true/false, or null when it could not be measured
   */
  record Figure(String id, String figure, String measured, String goal, Boolean met) {}

  private final List<Figure> figures = new ArrayList<>();
  private final StringBuilder sections = new StringBuilder();
  private int sectionCount;

  void figure(Figure figure) {
    figures.add(figure);
  }

  /** A benchmark that could not run or failed: its row says why. */
  void notMeasured(String id, String figure, String goal, String why) {
    figures.add(new Figure(id, figure, "not measured: " + oneLine(why), goal, null));
  }

  /** Starts a section ({@code ## title}) with a paragraph of method. */
  void section(String title, String method) {
    sectionCount++;
    sections.append("\n## ").append(title).append("\n\n").append(method.strip()).append("\n");
  }

  int sectionCount() {
    return sectionCount;
  }

  void paragraph(String text) {
    sections.append("\n").append(text.strip()).append("\n");
  }

  /** A table: the first row is the header. */
  void table(List<List<String>> rows) {
    sections.append("\n");
    for (int i = 0; i < rows.size(); i++) {
      sections.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        sections.append("|").append(" --- |".repeat(rows.get(0).size())).append("\n");
      }
    }
  }

  /** Preformatted lines (a class histogram, the JMH table). */
  void code(List<String> lines) {
    sections.append("\n```\n");
    for (String line : lines) {
      sections.append(line).append("\n");
    }
    sections.append("```\n");
  }

  String render(String header, Map<String, String> machine) {
    StringBuilder md = new StringBuilder(header.strip()).append("\n\n## Machine\n\n");
    md.append("| | |\n| --- | --- |\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Summary\n\n| | figure | measured | goal | met |\n")
        .append("| --- | --- | --- | --- | --- |\n");
    List<Figure> sorted = new ArrayList<>(figures);
    sorted.sort(java.util.Comparator.comparing(Figure::id));
    for (Figure f : sorted) {
      md.append("| ")
          .append(String.join(" | ", f.id(), f.figure(), f.measured(), f.goal(), met(f.met())))
          .append(" |\n");
    }
    return md.append(sections).toString();
  }

  private static String met(Boolean met) {
    return met == null ? "-" : met ? "yes" : "**no**";
  }

  /** A progress line on standard output, with the time. */
  static void progress(String text) {
    System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + text);
  }

  static String oneLine(String text) {
    String line = text == null ? "" : text.strip().replace('\n', ' ').replace("|", "/");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Bytes as MiB with one decimal. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1024.0 / 1024.0);
  }

  /** Bytes as KiB with one decimal. */
  static String kib(double bytes) {
    return String.format(Locale.ROOT, "%,.1f KiB", bytes / 1024.0);
  }

  /** Microseconds as milliseconds with one decimal. */
  static String ms(double micros) {
    return String.format(Locale.ROOT, "%,.1f ms", micros / 1000.0);
  }
}
