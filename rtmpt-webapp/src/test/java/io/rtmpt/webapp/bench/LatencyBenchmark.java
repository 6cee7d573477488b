package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.ClientKind;
import io.rtmpt.webapp.loadgen.LoadClient;
import io.rtmpt.webapp.loadgen.LoadGenerator;
import io.rtmpt.webapp.loadgen.MediaSource;
import io.rtmpt.webapp.loadgen.PlayerStats;
import io.rtmpt.webapp.loadgen.Role;
import io.rtmpt.webapp.loadgen.TunnelOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * B4: the latency RTMPT adds over plain RTMP. One 1 Mbit/s publisher over RTMP; players of the same
 * stream over RTMP and through tunnels of each client kind, a few of each, all at once; the latency
 * of a frame is its arrival at a player minus its making by the publisher (same JVM). The added
 * latency is each kind's percentile minus the RTMP players' percentile.
 */
final class LatencyBenchmark {
  static final String ID = "B4";
  static final String FIGURE = "added latency of RTMPT over RTMP, p50 / p99 (worst client kind)";
  static final String GOAL = "<= 10 ms / <= 60 ms";
  private static final double GOAL_P50_MICROS = 10_000;
  private static final double GOAL_P99_MICROS = 60_000;
  private static final int PLAYERS_PER_GROUP = 3;

  private LatencyBenchmark() {}

  static void run(ServerUnderTest server, Report report, double seconds) throws Exception {
    report.section(
        ID + ": added latency",
        """
        A publisher sends a 1 Mbit/s stream (25 frames of 5,000 bytes a second) over RTMP to the \
        executable WAR; %d players of each group play it: over RTMP, and through tunnels behaving \
        like ffmpeg, librtmp and Flash Player (idle hold at its default). Each frame carries the \
        publisher's send time; latency = arrival - send, all in one JVM. %.0f s measured after \
        3 s of warm-up. Added latency = the kind's percentile - the RTMP players' percentile; the \
        summary takes the worst kind.
        """
            .formatted(PLAYERS_PER_GROUP, seconds));
    try (LoadGenerator generator = new LoadGenerator(1)) {
      MediaSource source = MediaSource.paced(25, 5000);
      LoadClient publisher = generator.rtmp(server.rtmp(), new Role.Publish("live", "b4", source));
      publisher.ready().get(30, TimeUnit.SECONDS);
      Map<String, String> groups = new LinkedHashMap<>();
      groups.put("b4-rtmp", "RTMP");
      List<LoadClient> players = new ArrayList<>();
      for (int i = 0; i < PLAYERS_PER_GROUP; i++) {
        players.add(
            generator.rtmp(
                server.rtmp(), new Role.Play("live", "b4", stats(generator, "b4-rtmp"))));
        for (ClientKind kind : ClientKind.values()) {
          String group = "b4-" + kind.label();
          groups.put(group, "RTMPT " + kind.label());
          players.add(
              generator.rtmpt(
                  server.http(),
                  TunnelOptions.of(kind),
                  new Role.Play("live", "b4", stats(generator, group))));
        }
      }
      for (LoadClient player : players) {
        player.ready().get(30, TimeUnit.SECONDS);
      }
      Thread.sleep(3000);
      groups.keySet().forEach(generator.metrics()::takeLatency);
      Window.Sample sample = Window.measure(server.probe(), generator.metrics(), seconds);
      Map<String, Histogram> latency = new LinkedHashMap<>();
      groups.keySet().forEach(g -> latency.put(g, generator.metrics().takeLatency(g)));

      Histogram rtmp = latency.get("b4-rtmp");
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("players", "frames", "p50", "p90", "p99", "max", "added p50", "added p99"));
      double worstP50 = 0;
      double worstP99 = 0;
      String worst = "";
      double worstScore = 0;
      for (Map.Entry<String, Histogram> e : latency.entrySet()) {
        Histogram h = e.getValue();
        double addedP50 = h.getValueAtPercentile(50) - rtmp.getValueAtPercentile(50);
        double addedP99 = h.getValueAtPercentile(99) - rtmp.getValueAtPercentile(99);
        boolean tunnel = !e.getKey().equals("b4-rtmp");
        rows.add(
            List.of(
                groups.get(e.getKey()),
                String.valueOf(h.getTotalCount()),
                Report.ms(h.getValueAtPercentile(50)),
                Report.ms(h.getValueAtPercentile(90)),
                Report.ms(h.getValueAtPercentile(99)),
                Report.ms(h.getMaxValue()),
                tunnel ? Report.ms(addedP50) : "",
                tunnel ? Report.ms(addedP99) : ""));
        double score = Math.max(addedP50 / GOAL_P50_MICROS, addedP99 / GOAL_P99_MICROS);
        if (tunnel && (worst.isEmpty() || score > worstScore)) {
          worstScore = score;
          worstP50 = addedP50;
          worstP99 = addedP99;
          worst = groups.get(e.getKey());
        }
      }
      report.table(rows);
      report.paragraph(
          "Server CPU %s cores, generator %s cores, machine busy %s %%, %s requests/s, %d errors."
              .formatted(
                  Report.f2(sample.serverCores()),
                  Report.f2(sample.generatorCores()),
                  Report.f0(100 * sample.machineBusy()),
                  Report.f0(sample.requestsPerSecond()),
                  generator.metrics().errorCount()));
      report.figure(
          new Report.Figure(
              ID,
              FIGURE,
              Report.ms(worstP50) + " / " + Report.ms(worstP99) + " (" + worst + ")",
              GOAL,
              worstP50 <= GOAL_P50_MICROS && worstP99 <= GOAL_P99_MICROS));
      for (LoadClient c : players) {
        c.close();
      }
      publisher.close();
    }
  }

  private static PlayerStats stats(LoadGenerator generator, String group) {
    return new PlayerStats(generator.metrics().latency(group));
  }
}
