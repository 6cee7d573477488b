package io.rtmpt.webapp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the figures were measured: CPU model, cores, memory, JDK, OS, commit, and the machine's
 * load (other processes share it: the load average and the busy share of all CPUs).
 */
final class MachineInfo {
  private MachineInfo() {}

  /** Name/value rows for the report. */
  static Map<String, String> describe(Path projectRoot) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    rows.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    rows.put("RAM", memTotal());
    rows.put(
        "JDK",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    rows.put(
        "OS",
        firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "")
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    rows.put("commit", commit(projectRoot));
    return rows;
  }

  /** {@code /proc/loadavg}'s three load averages. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Busy and total jiffies of all CPUs together ({@code /proc/stat}), for a busy share. */
  static long[] cpuJiffies() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
        if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
          return line.substring(sep + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  private static String memTotal() {
    String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
    if (kb.isEmpty()) {
      return "unknown";
    }
    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
  }

  /** HEAD, and whether the tree differs from it (the report, rewritten by each run, aside). */
  private static String commit(Path root) {
    String head = git(root, "rev-parse", "--short=12", "HEAD");
    String status =
        git(
            root,
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            ".",
            ":!rtmpt-webapp/docs/benchmarks.md");
    return head + (status.isBlank() ? "" : " with uncommitted changes");
  }

  private static String git(Path root, String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown (git: " + out + ")";
      }
      return out;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }
}
