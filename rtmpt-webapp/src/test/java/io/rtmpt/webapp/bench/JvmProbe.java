package io.rtmpt.webapp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into a JVM from outside, by PID, the way an operator would: CPU time from {@code
 * /proc/PID/stat}, resident memory from {@code /proc/PID/status}, and the heap after a forced full
 * GC and a class histogram through {@code jcmd} (of the JDK running this code).
 */
final class JvmProbe {
  /** Clock ticks per second of {@code /proc/PID/stat} times (USER_HZ; 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final long pid;

  JvmProbe(long pid) {
    this.pid = pid;
  }

  /** The JVM this code runs in (the load generator). */
  static JvmProbe self() {
    return new JvmProbe(ProcessHandle.current().pid());
  }

  long pid() {
    return pid;
  }

  /** User + system CPU time consumed so far, in nanoseconds. */
  long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    // Fields after the command name (in parentheses, may contain spaces): state is field 3,
    // utime field 14, stime field 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
  }

  /** Resident set size in bytes. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }

  /** Forces a full GC ({@code jcmd GC.run}) and returns the heap in use after it, in bytes. */
  long heapAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IOException("no 'used' figure in jcmd " + pid + " GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** The first {@code rows} lines of {@code jcmd GC.class_histogram} (with its header). */
  List<String> classHistogram(int rows) throws IOException, InterruptedException {
    String[] lines = jcmd("GC.class_histogram").split("\n");
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(pid + ":")) {
        continue;
      }
      out.add(line);
      if (out.size() >= rows + 2) {
        break;
      }
    }
    return out;
  }

  /** Runs {@code jcmd PID command...} and returns its output; fails on a non-zero exit. */
  String jcmd(String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(String.valueOf(pid));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + String.join(" ", command) + ": " + text);
    }
    return text;
  }
}
