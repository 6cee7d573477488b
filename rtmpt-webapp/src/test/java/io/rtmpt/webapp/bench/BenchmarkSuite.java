package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.testing.PackagedWar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark suite of issue #11: B1-B7 against the packaged WAR (the executable, Tomcat 10.1)
 * and {@link BenchServer}, driven by the load generator ({@code io.rtmpt.webapp.loadgen}) in this
 * JVM, plus the engine's JMH table; writes {@code docs/benchmarks.md}. Every comparing figure is a
 * ratio of two measurements of the same run.
 *
 * <p>Run with {@code mvn -B -q -pl rtmpt-webapp -am -Pbench verify} (README.md): the bench profile
 * runs the engine's JMH benchmarks in its test phase and this class, alone, in the webapp's
 * integration-test phase. System properties: {@code bench.only} (comma-separated ids such as {@code
 * B1,B3}; default all), {@code bench.serverJvmArgs} (added to the servers' JVM options, e.g. a
 * {@code -XX:StartFlightRecording:filename=/tmp/{server}.jfr,...} to profile; {@code {server}}
 * becomes executable, tomcat or bench-server), {@code bench.report} (the Markdown file), {@code
 * bench.jmh} (the engine's table), {@code bench.b2.steps} and {@code bench.b3.levels}
 * (comma-separated player and tunnel counts).
 *
 * <p>A benchmark that fails or lacks its tool is reported as not measured; the others still run.
 * Nothing here asserts a figure: goals are judged in the report.
 */
public final class BenchmarkSuite {
  /** The servers' JVM: the same fixed heap limit for the executable, Tomcat and BenchServer. */
  static final List<String> SERVER_JVM = List.of("-Xms512m", "-Xmx4g", "-XX:+UseG1GC");

  private final Report report = new Report();
  private final List<String> only;
  private final Path logs;
  private double maxLoad;

  private BenchmarkSuite() {
    String ids = System.getProperty("bench.only", "");
    this.only = ids.isBlank() ? List.of() : Arrays.asList(ids.toUpperCase().split("\\s*,\\s*"));
    this.logs = PackagedWar.freshLogDirectory(BenchmarkSuite.class);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void runsTheSuite() throws Exception {
    run();
  }

  public static void main(String[] args) throws Exception {
    new BenchmarkSuite().run();
  }

  private void run() throws Exception {
    Path war = PackagedWar.war();
    Path root = PackagedWar.projectFile(".");
    Map<String, String> machine = MachineInfo.describe(root);
    ZonedDateTime started = ZonedDateTime.now();
    String loadAtStart = MachineInfo.loadAverage();
    noteLoad(loadAtStart);
    long startNanos = System.nanoTime();
    List<String> jvm = new ArrayList<>(SERVER_JVM);
    String extra = System.getProperty("bench.serverJvmArgs", "");
    if (!extra.isBlank()) {
      jvm.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }

    if (wanted("B1", "B2", "B3", "B4", "B6", "B7")) {
      try (ServerUnderTest server = ServerUnderTest.executableWar(war, logs, jvm)) {
        attempt(
            PublishThroughputBenchmark.ID,
            PublishThroughputBenchmark.FIGURE,
            PublishThroughputBenchmark.GOAL,
            () -> PublishThroughputBenchmark.run(server, report, 3, 5));
        attempt(
            LatencyBenchmark.ID,
            LatencyBenchmark.FIGURE,
            LatencyBenchmark.GOAL,
            () -> LatencyBenchmark.run(server, report, 15));
        attempt(
            FfmpegPushBenchmark.ID,
            FfmpegPushBenchmark.FIGURE,
            FfmpegPushBenchmark.GOAL,
            () -> FfmpegPushBenchmark.run(server, root.resolve("target/bench"), logs, report, 5));
        attempt(
            RtmpdumpPollingBenchmark.ID,
            RtmpdumpPollingBenchmark.FIGURE,
            RtmpdumpPollingBenchmark.GOAL,
            () -> RtmpdumpPollingBenchmark.run(server, logs, report, 10));
        attempt(
            PlayerCapacityBenchmark.ID,
            PlayerCapacityBenchmark.FIGURE,
            PlayerCapacityBenchmark.GOAL,
            () ->
                PlayerCapacityBenchmark.run(
                    server,
                    report,
                    ints("bench.b2.steps", "100,250,500,1000,1500,2000,3000,4000,5000"),
                    6));
        attempt(
            IdleTunnelMemoryBenchmark.ID,
            IdleTunnelMemoryBenchmark.figure(server),
            IdleTunnelMemoryBenchmark.GOAL,
            () -> IdleTunnelMemoryBenchmark.run(server, report, ints("bench.b3.levels", LEVELS)));
      }
    }
    if (wanted("B5")) {
      attempt(
          IdleRequestRateBenchmark.ID,
          IdleRequestRateBenchmark.FIGURE,
          IdleRequestRateBenchmark.GOAL,
          () -> {
            Map<String, String> settings =
                Map.of("rtmpt.idle-hold-ms", "0", "rtmpt.engine.handshake-timeout-ms", "600000");
            try (ServerUnderTest server = ServerUnderTest.benchServer(logs, jvm, settings)) {
              IdleRequestRateBenchmark.run(server, report, 32, 2, 5);
            }
          });
    }
    if (wanted("B3")) {
      attempt(
          IdleTunnelMemoryBenchmark.ID,
          "heap per idle tunnel after full GC, Tomcat 10.1 (ROOT.war)",
          IdleTunnelMemoryBenchmark.GOAL,
          () -> {
            try (ServerUnderTest server = ServerUnderTest.tomcat(war, logs, jvm)) {
              IdleTunnelMemoryBenchmark.run(server, report, ints("bench.b3.levels", LEVELS));
            }
          });
    }
    containerSettings();
    jmh();

    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String loadAtEnd = MachineInfo.loadAverage();
    noteLoad(loadAtEnd);
    machine.put("load average (1/5/15 min)", "at start " + loadAtStart + ", at end " + loadAtEnd);
    String header =
        """
        # Benchmarks

        Written by `mvn -B -q -pl rtmpt-webapp -am -Pbench verify` (`BenchmarkSuite`, issue #11) \
        on %s; the suite took %d min %d s. Servers run in JVMs of their own (%s), the load \
        generator (`io.rtmpt.webapp.loadgen`) in the Surefire JVM on the same machine. Every \
        comparing figure is a ratio of two measurements of this run. The machine may be shared: \
        see the load average and the "machine busy" columns (all CPUs, all processes).
        """
            .formatted(
                started.format(DateTimeFormatter.RFC_1123_DATE_TIME),
                took.toMinutes(),
                took.toSecondsPart(),
                String.join(" ", jvm));
    int cores = Runtime.getRuntime().availableProcessors();
    if (maxLoad > 2.0 * cores) {
      header +=
          "\n**The machine was overloaded by other processes** (1-minute load average up to %s"
                  .formatted(Report.f1(maxLoad))
              + " on %d cores): figures and even ratios may be off; rerun when it is quieter.\n"
                  .formatted(cores);
    }
    String markdown = report.render(header, machine);
    Path out =
        Path.of(
            System.getProperty(
                "bench.report", root.resolve("rtmpt-webapp/docs/benchmarks.md").toString()));
    Files.createDirectories(out.getParent());
    Files.writeString(out, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("Written to " + out + " (logs under " + logs + ")");
  }

  /** What the containers must be told for these figures (B3 above shows the effect). */
  private void containerSettings() {
    report.section(
        "Container settings these figures depend on",
        """
        Every RTMPT client keeps one keep-alive connection open for its whole session, so what \
        a container keeps per connection is kept per tunnel, and clients reconnect in bursts.
        """);
    report.table(
        List.of(
            List.of("container", "setting", "why"),
            List.of(
                "executable WAR",
                "`HttpConfiguration.setHeaderCacheSize(0)`,"
                    + " `ServerConnector.setAcceptQueueSize(1024)` (EmbeddedServer)",
                "Jetty's per-connection header field cache (default 1024) is a trie of about 100 KB"
                    + " of char[] per connection (B3: 195 KiB per idle tunnel with it, 93 KiB"
                    + " without); the JDK's accept queue of 50 reset 1-3 % of tunnels opened 250 at"
                    + " a time"),
            List.of(
                "Jetty 12 standalone",
                "`jetty.httpConfig.headerCacheSize=0` in `start.d/server.ini`;"
                    + " `jetty.http.acceptQueueSize=1024` in `start.d/http.ini`"
                    + " (`jetty.ssl.acceptQueueSize` for HTTPS)",
                "the same two settings through the server and http/ssl modules"),
            List.of(
                "Tomcat 10.1",
                "`maxConnections=\"-1\"` (or above the number of tunnels), `acceptCount=\"1024\"`,"
                    + " `processorCache=\"-1\"`; `socket.appReadBufSize` / `socket.appWriteBufSize`"
                    + " (8192 each) to try",
                "the NIO connector serves at most 8192 connections (default) and queues 100 (B3"
                    + " lost 1-2 % of 5,000-10,000 tunnels); with the default processorCache (200)"
                    + " a thread dump at 5,000 tunnels had 199 of 200 threads BLOCKED on the"
                    + " ConnectionHandler monitor (register/unregister of processors), polls fell"
                    + " behind and tunnels timed out; processorCache -1 and acceptCount 1024 kept"
                    + " all 10,000. No header field cache, but about 50 KB of byte[] (socket and"
                    + " header buffers) and 23 KB of char[] (request and response buffers) per"
                    + " connection; 1 KB socket buffers saved about 17 KB of byte[] per tunnel")));
  }

  /** The engine's JMH table, when the engine's bench profile wrote it. */
  private void jmh() throws Exception {
    Path table =
        Path.of(
            System.getProperty(
                "bench.jmh",
                PackagedWar.projectFile(".")
                    .resolve("rtmp-engine/target/bench/jmh.txt")
                    .toString()));
    report.section(
        "JMH: engine codecs",
        "`mvn -B -q -pl rtmp-engine -Pbench test` (BenchmarkMain; MB/s = 10^6 bytes/s, ratio to"
            + " the baseline of the same class and parameters).");
    if (!Files.isRegularFile(table)) {
      report.paragraph("Not run: no " + table + " (run the README command, which includes it).");
      return;
    }
    report.paragraph("Table written " + Files.getLastModifiedTime(table) + ":");
    report.code(Files.readAllLines(table, StandardCharsets.UTF_8));
  }

  private static final String LEVELS = "1000,5000,10000";

  /** Keeps the highest 1-minute figure of {@link MachineInfo#loadAverage()} seen. */
  private void noteLoad(String loadAverage) {
    try {
      maxLoad = Math.max(maxLoad, Double.parseDouble(loadAverage.split(" ")[0]));
    } catch (NumberFormatException e) {
      // "unknown": nothing to note
    }
  }

  /** A comma-separated list of numbers from a system property, or the default. */
  private static int[] ints(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .map(String::trim)
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private boolean wanted(String... ids) {
    return only.isEmpty() || Arrays.stream(ids).anyMatch(only::contains);
  }

  private interface Step {
    void run() throws Exception;
  }

  private void attempt(String id, String figure, String goal, Step step) {
    if (!wanted(id)) {
      return;
    }
    String loadBefore = MachineInfo.loadAverage();
    noteLoad(loadBefore);
    int sections = report.sectionCount();
    long start = System.nanoTime();
    Report.progress(id + ": " + figure);
    try {
      step.run();
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      report.notMeasured(id, figure, goal, e.getClass().getSimpleName() + ": " + e.getMessage());
      if (report.sectionCount() == sections) {
        report.section(id + ": " + figure, "Not measured.");
      }
      report.paragraph("**" + id + " failed:** " + Report.oneLine(String.valueOf(e)));
    }
    String loadAfter = MachineInfo.loadAverage();
    noteLoad(loadAfter);
    report.paragraph(
        "_%s took %d s; load average before %s, after %s._"
            .formatted(
                id,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                loadBefore,
                loadAfter));
  }
}
