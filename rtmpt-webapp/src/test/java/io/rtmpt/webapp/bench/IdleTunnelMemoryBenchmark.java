package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.ClientKind;
import io.rtmpt.webapp.loadgen.LoadClient;
import io.rtmpt.webapp.loadgen.LoadGenerator;
import io.rtmpt.webapp.loadgen.Role;
import io.rtmpt.webapp.loadgen.TunnelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * B3: heap per idle tunnel. Tunnels that completed the RTMP handshake and {@code connect} and then
 * poll {@code /idle} once a second (ffmpeg's request framing) are opened in levels; at each level
 * the server's heap after a forced full GC, minus its heap before the first tunnel, is divided by
 * the number of tunnels. The first level's class histogram shows where the memory is.
 */
final class IdleTunnelMemoryBenchmark {
  static final String ID = "B3";
  static final String GOAL = "<= 16 KiB";
  private static final double GOAL_BYTES = 16 * 1024;
  private static final int BATCH = 250;

  /** Longest time spent opening the tunnels of one level (keeps the suite bounded). */
  private static final Duration OPEN_BUDGET = Duration.ofMinutes(2);

  private IdleTunnelMemoryBenchmark() {}

  static String figure(ServerUnderTest server) {
    return "heap per idle tunnel after full GC, " + server.name();
  }

  static void run(ServerUnderTest server, Report report, int[] levels) throws Exception {
    report.section(
        ID + ": memory per idle tunnel, " + server.name(),
        """
        Tunnels that completed the RTMP handshake and connect, then poll /idle once a second \
        (ffmpeg's request framing and headers; the server holds each empty /idle for its default \
        200 ms), opened %d at a time up to each level. After 2 s, the poll rate over 3 s, then \
        the heap after jcmd GC.run (GC.heap_info "used") minus the heap before the first \
        tunnel, divided by the live tunnels (connected and not closed since).
        """
            .formatted(BATCH));
    JvmProbe probe = server.probe();
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "tunnels",
            "live",
            "heap",
            "heap per tunnel",
            "RSS",
            "polls/s",
            "server CPU (cores)",
            "generator CPU",
            "not started",
            "errors"));
    StringBuilder measured = new StringBuilder();
    double lastPerTunnel = Double.NaN;
    int lastLevel = 0;
    try (LoadGenerator generator = new LoadGenerator(2)) {
      Thread.sleep(1000);
      long baseline = probe.heapAfterFullGc();
      report.paragraph("Heap before the first tunnel: " + Report.mib(baseline) + ".");
      List<LoadClient> tunnels = new ArrayList<>();
      int notStarted = 0;
      List<String> histogram = List.of();
      String stopped = null;
      for (int level : levels) {
        notStarted += open(generator, server, tunnels, level);
        int opened = tunnels.size();
        Report.progress(server.name() + ": " + opened + " tunnels open");
        Thread.sleep(2000);
        Window.Sample sample = Window.measure(probe, generator.metrics(), 3);
        long heap = probe.heapAfterFullGc();
        long live = tunnels.stream().filter(IdleTunnelMemoryBenchmark::isLive).count();
        double perTunnel = (heap - baseline) / (double) live;
        Report.progress("heap " + Report.mib(heap) + ", " + Report.kib(perTunnel) + " per tunnel");
        if (histogram.isEmpty()) {
          histogram = probe.classHistogram(15);
        }
        rows.add(
            List.of(
                String.format("%,d", opened),
                String.format("%,d", live),
                Report.mib(heap),
                Report.kib(perTunnel),
                Report.mib(probe.rssBytes()),
                Report.f0(sample.requestsPerSecond()),
                Report.f2(sample.serverCores()),
                Report.f2(sample.generatorCores()),
                String.valueOf(notStarted),
                String.valueOf(generator.metrics().errorCount())));
        measured.append(measured.length() == 0 ? "" : ", ");
        measured.append(String.format("%,d: %s", opened, Report.kib(perTunnel)));
        lastPerTunnel = perTunnel;
        lastLevel = opened;
        if (opened < level) {
          stopped =
              "Opening stopped after %s at %,d of %,d tunnels."
                  .formatted(OPEN_BUDGET, opened, level);
          break;
        }
      }
      report.table(rows);
      if (stopped != null) {
        report.paragraph(stopped);
      }
      report.paragraph(
          "Class histogram at " + String.format("%,d", levels[0]) + " tunnels (top 15):");
      report.code(histogram);
      if (generator.metrics().errorCount() > 0) {
        report.paragraph(
            "Errors: "
                + generator.metrics().errors()
                + "; first: "
                + Report.oneLine(String.valueOf(generator.metrics().errorSamples())));
      }
    }
    report.figure(
        new Report.Figure(
            ID,
            figure(server),
            measured.toString(),
            GOAL + " at 10,000",
            lastLevel >= 10_000 ? lastPerTunnel <= GOAL_BYTES : null));
  }

  /** Connected and not closed since. */
  private static boolean isLive(LoadClient tunnel) {
    return tunnel.ready().isDone()
        && !tunnel.ready().isCompletedExceptionally()
        && !tunnel.closed().isDone();
  }

  /**
   * Opens tunnels up to {@code level}, or as many as {@link #OPEN_BUDGET} allows; returns how many
   * did not get connected.
   */
  private static int open(
      LoadGenerator generator, ServerUnderTest server, List<LoadClient> tunnels, int level) {
    int failed = 0;
    TunnelOptions options = TunnelOptions.of(ClientKind.FFMPEG).pollingEvery(Duration.ofSeconds(1));
    long deadline = System.nanoTime() + OPEN_BUDGET.toNanos();
    while (tunnels.size() < level && System.nanoTime() < deadline) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (int i = 0; i < BATCH && tunnels.size() < level; i++) {
        LoadClient tunnel = generator.rtmpt(server.http(), options, new Role.Idle("live"));
        tunnels.add(tunnel);
        batch.add(tunnel.ready());
      }
      for (CompletableFuture<Void> ready : batch) {
        try {
          ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed++;
        }
      }
    }
    return failed;
  }
}
