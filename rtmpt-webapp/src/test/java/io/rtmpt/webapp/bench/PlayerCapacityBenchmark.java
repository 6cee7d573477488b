package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.ClientKind;
import io.rtmpt.webapp.loadgen.LoadClient;
import io.rtmpt.webapp.loadgen.LoadGenerator;
import io.rtmpt.webapp.loadgen.MediaSource;
import io.rtmpt.webapp.loadgen.PlayerStats;
import io.rtmpt.webapp.loadgen.Role;
import io.rtmpt.webapp.loadgen.TunnelOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * B2: how many RTMPT players of one 1 Mbit/s stream the server feeds completely. Players (ffmpeg
 * behaviour) are added in steps; at each step every player must receive at least 99 % of the frames
 * the publisher sent during the window (counted by sequence number, late frames included). The
 * figure is the largest step that passed, with the server's CPU and heap per player.
 */
final class PlayerCapacityBenchmark {
  static final String ID = "B2";
  static final String FIGURE =
      "RTMPT players of a 1 Mbit/s stream all receiving >= 99 %, latency p99 <= 2 s";
  static final String GOAL = ">= 1,000";
  private static final int GOAL_PLAYERS = 1000;
  private static final double REQUIRED_SHARE = 0.99;

  /** Frames later than this are not "served" live, however many arrive (issue #11, phase 2). */
  private static final long MAX_P99_LATENCY_MS = 2000;

  private static final int BATCH = 100;

  private PlayerCapacityBenchmark() {}

  static void run(ServerUnderTest server, Report report, int[] steps, double seconds)
      throws Exception {
    report.section(
        ID + ": players of one stream",
        """
        A publisher sends a 1 Mbit/s stream (25 frames of 5,000 bytes a second) over RTMP to the \
        executable WAR. RTMPT players behaving like ffmpeg (sequential requests, head and body \
        written apart without TCP_NODELAY, 50 ms pause after an empty reply) are added in steps \
        of %s; after 2 s to settle, each step measures %.0f s: the share of the window's frames \
        each player received (2 s of grace for late frames), latency, the server's CPU (from \
        /proc) and its heap after a forced full GC (jcmd GC.run) minus the heap with the \
        publisher alone. A step passes when every player received >= 99 %%, the frames' latency \
        p99 is at most 2 s and none failed.
        """
            .formatted(Arrays.toString(steps), seconds));
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "players",
            "min share",
            "median share",
            "min Mbit/s",
            "latency p50 / p99",
            "server CPU (cores)",
            "CPU per player",
            "heap per player",
            "generator CPU",
            "machine busy",
            "requests/s",
            "errors"));
    int best = 0;
    String bestDetails = "";
    try (LoadGenerator generator = new LoadGenerator(2)) {
      MediaSource source = MediaSource.paced(25, 5000);
      LoadClient publisher = generator.rtmp(server.rtmp(), new Role.Publish("live", "b2", source));
      publisher.ready().get(30, TimeUnit.SECONDS);
      Thread.sleep(2000);
      JvmProbe probe = server.probe();
      long baseline = probe.heapAfterFullGc();
      List<PlayerStats> players = new ArrayList<>();
      List<LoadClient> clients = new ArrayList<>();
      for (int target : steps) {
        boolean allStarted = addPlayers(generator, server, players, clients, target);
        Report.progress(players.size() + " players playing");
        Thread.sleep(2000);
        long from = source.nextSequence();
        players.forEach(p -> p.openWindow(from));
        generator.metrics().takeLatency("b2");
        Window.Sample sample = Window.measure(probe, generator.metrics(), seconds);
        long to = source.nextSequence() - 1;
        players.forEach(p -> p.closeWindow(to));
        Thread.sleep(2000);
        Histogram latency = generator.metrics().takeLatency("b2");
        double[] shares = new double[players.size()];
        for (int i = 0; i < shares.length; i++) {
          shares[i] = players.get(i).windowFrames() / (double) (to - from + 1);
        }
        Arrays.sort(shares);
        long heapPerPlayer = (probe.heapAfterFullGc() - baseline) / players.size();
        double cpuPerPlayer = sample.serverCores() / players.size();
        rows.add(
            List.of(
                String.valueOf(players.size()),
                percent(shares[0]),
                percent(shares[shares.length / 2]),
                Report.f2(shares[0] * source.bitsPerSecond() / 1e6),
                Report.ms(latency.getValueAtPercentile(50))
                    + " / "
                    + Report.ms(latency.getValueAtPercentile(99)),
                Report.f2(sample.serverCores()),
                Report.f2(cpuPerPlayer * 1000) + " ms/s",
                Report.kib(heapPerPlayer),
                Report.f2(sample.generatorCores()),
                Report.f0(100 * sample.machineBusy()) + " %",
                Report.f0(sample.requestsPerSecond()),
                String.valueOf(sample.errors())));
        if (!allStarted
            || shares[0] < REQUIRED_SHARE
            || latency.getValueAtPercentile(99) > MAX_P99_LATENCY_MS * 1000 // microseconds
            || players.size() < target) {
          break;
        }
        best = players.size();
        bestDetails =
            "server CPU "
                + Report.f2(cpuPerPlayer * 1000)
                + " ms/s and heap "
                + Report.kib(heapPerPlayer)
                + " per player";
      }
      report.table(rows);
      closeAll(clients);
      publisher.close();
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
            FIGURE,
            (best == steps[steps.length - 1] ? ">= " : "")
                + best
                + (bestDetails.isEmpty() ? "" : " (" + bestDetails + ")"),
            GOAL,
            best >= GOAL_PLAYERS));
  }

  /**
   * Adds players up to {@code target}, a batch at a time; false (and no more batches) as soon as
   * one did not start within a minute.
   */
  private static boolean addPlayers(
      LoadGenerator generator,
      ServerUnderTest server,
      List<PlayerStats> players,
      List<LoadClient> clients,
      int target)
      throws InterruptedException {
    while (players.size() < target) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (int i = 0; i < BATCH && players.size() < target; i++) {
        PlayerStats stats = new PlayerStats(generator.metrics().latency("b2"));
        players.add(stats);
        LoadClient client =
            generator.rtmpt(
                server.http(),
                TunnelOptions.of(ClientKind.FFMPEG),
                new Role.Play("live", "b2", stats));
        clients.add(client);
        batch.add(client.ready());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (CompletableFuture<Void> ready : batch) {
        try {
          ready.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          return false; // the server is past its limit: no point in adding more
        }
      }
    }
    return true;
  }

  /** Closes every client as the real one would and waits (bounded) until they are closed. */
  static void closeAll(List<LoadClient> clients) {
    clients.forEach(LoadClient::close);
    for (LoadClient client : clients) {
      try {
        client.closed().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        return; // the generator's close ends the rest
      }
    }
  }

  private static String percent(double share) {
    return Report.f1(100 * share) + " %";
  }
}
