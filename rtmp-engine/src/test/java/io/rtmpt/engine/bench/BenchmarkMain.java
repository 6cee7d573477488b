package io.rtmpt.engine.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every {@code io.rtmpt.engine.bench.*Benchmark} class with JMH and prints one table:
 * benchmark, parameters, MB/s and the ratio to the class's baseline.
 *
 * <p>Conventions for benchmark classes in this package: count processed bytes through a {@link
 * ByteCounter} parameter (MB/s = 10^6 bytes/s); name the baseline method(s) {@code baseline*} — the
 * ratio compares each method with the baseline of the same class and parameters.
 *
 * <p>Run with {@code mvn -Pbench -pl rtmp-engine test} (surefire runs {@link #runsEveryBenchmark})
 * or as a plain {@code main}. Short defaults; override with system properties: {@code
 * bench.include} (regex of benchmark names), {@code bench.forks} (1), {@code
 * bench.warmupIterations} (2), {@code bench.warmupSeconds} (1), {@code bench.iterations} (3),
 * {@code bench.seconds} (1), {@code bench.param} (e.g. {@code chunkSize=4096}, restricts a
 * parameter to one value), {@code bench.jvmArgs} (JVM options of the forks, {@value
 * #DEFAULT_JVM_ARGS}).
 */
public final class BenchmarkMain {
  /**
   * A fixed, pre-touched heap: on this project's build machines the first touch of a heap page is
   * expensive enough to make allocation-heavy benchmarks (decode allocates every payload) swing by
   * 10x from one iteration to the next; servers run with -Xms = -Xmx and pre-touch for the same
   * reason.
   */
  static final String DEFAULT_JVM_ARGS = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch";

  /**
   * Where {@link #runsEveryBenchmark} also writes the table (relative to the module, where Surefire
   * runs): rtmpt-webapp's benchmark suite puts it into docs/benchmarks.md.
   */
  static final Path TABLE_FILE = Path.of("target", "bench", "jmh.txt");

  static final String DEFAULT_INCLUDE = "io\\.rtmpt\\.engine\\.bench\\.[A-Za-z0-9_]*Benchmark\\.";

  public static void main(String[] args) throws RunnerException {
    System.out.print(table(run()));
  }

  @Test
  void runsEveryBenchmark() throws RunnerException, IOException {
    Collection<RunResult> results = run();
    assertFalse(results.isEmpty(), "no benchmark matched " + include());
    String table = table(results);
    System.out.print(table);
    Files.createDirectories(TABLE_FILE.getParent());
    Files.writeString(TABLE_FILE, table, StandardCharsets.UTF_8);
  }

  static Collection<RunResult> run() throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options
        .include(include())
        .forks(Integer.getInteger("bench.forks", 1))
        .warmupIterations(Integer.getInteger("bench.warmupIterations", 2))
        .warmupTime(TimeValue.seconds(Integer.getInteger("bench.warmupSeconds", 1)))
        .measurementIterations(Integer.getInteger("bench.iterations", 3))
        .measurementTime(TimeValue.seconds(Integer.getInteger("bench.seconds", 1)))
        .threads(1)
        .jvmArgsAppend(System.getProperty("bench.jvmArgs", DEFAULT_JVM_ARGS).split("\\s+"))
        .shouldFailOnError(true);
    String param = System.getProperty("bench.param", "");
    if (param.contains("=")) {
      String[] kv = param.split("=", 2);
      options.param(kv[0], kv[1].split(","));
    }
    Options built = options.build();
    return new Runner(built).run();
  }

  private static String include() {
    return System.getProperty("bench.include", DEFAULT_INCLUDE);
  }

  /** One row per benchmark and parameter set, sorted by class, parameters and method. */
  static String table(Collection<RunResult> results) {
    Map<String, RunResult> rows = new TreeMap<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      rows.put(className(p) + " " + params(p) + " " + methodName(p), r);
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"benchmark", "params", "MB/s", "± MB/s", "x baseline"});
    for (RunResult r : rows.values()) {
      BenchmarkParams p = r.getParams();
      Result<?> bytes = r.getSecondaryResults().get("bytes");
      Double baseline = baselineMegabytes(rows.values(), p);
      String mb = bytes == null ? "-" : format(bytes.getScore() / 1e6);
      String error =
          bytes == null || Double.isNaN(bytes.getScoreError())
              ? "-"
              : format(bytes.getScoreError() / 1e6);
      String ratio =
          bytes == null || baseline == null
              ? "-"
              : String.format(Locale.ROOT, "%.2f", bytes.getScore() / 1e6 / baseline);
      lines.add(new String[] {className(p) + "." + methodName(p), params(p), mb, error, ratio});
    }
    int[] width = new int[5];
    for (String[] line : lines) {
      for (int i = 0; i < 5; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder("\n");
    for (String[] line : lines) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s  %" + width[3] + "s  %"
                  + width[4] + "s%n",
              (Object[]) line));
    }
    return sb.toString();
  }

  private static Double baselineMegabytes(Collection<RunResult> all, BenchmarkParams of) {
    for (RunResult r : all) {
      BenchmarkParams p = r.getParams();
      Result<?> bytes = r.getSecondaryResults().get("bytes");
      if (bytes != null
          && methodName(p).startsWith("baseline")
          && className(p).equals(className(of))
          && params(p).equals(params(of))) {
        return bytes.getScore() / 1e6;
      }
    }
    return null;
  }

  private static String className(BenchmarkParams p) {
    String name = p.getBenchmark();
    String cls = name.substring(0, name.lastIndexOf('.'));
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  private static String methodName(BenchmarkParams p) {
    return p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
  }

  private static String params(BenchmarkParams p) {
    List<String> kv = new ArrayList<>();
    for (String key : p.getParamsKeys()) {
      kv.add(key + "=" + Objects.toString(p.getParam(key)));
    }
    return String.join(",", kv);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
