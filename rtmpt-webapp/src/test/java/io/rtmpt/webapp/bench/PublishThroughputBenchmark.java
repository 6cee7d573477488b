package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.ClientKind;
import io.rtmpt.webapp.loadgen.LoadClient;
import io.rtmpt.webapp.loadgen.LoadGenerator;
import io.rtmpt.webapp.loadgen.MediaSource;
import io.rtmpt.webapp.loadgen.Role;
import io.rtmpt.webapp.loadgen.TunnelOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * B1: one publisher sending as fast as the server takes it, through an RTMPT tunnel (sequential 64
 * KB posts, each after the previous reply, as ffmpeg posts) and over plain RTMP to the same engine;
 * throughput is what the engine acknowledged (RTMP Acknowledgement messages, one per MB it
 * consumed), so both transports are measured at the same point. Runs alternate between the
 * transports; the figure is the ratio of the medians.
 */
final class PublishThroughputBenchmark {
  static final String ID = "B1";
  static final String FIGURE = "publish throughput, RTMPT / RTMP (one publisher, 64 KB posts)";
  static final String GOAL = ">= 0.7";
  private static final double GOAL_RATIO = 0.7;
  private static final int FRAME_BYTES = 6400;
  private static final int POST_BYTES = 64 * 1024;

  private PublishThroughputBenchmark() {}

  static void run(ServerUnderTest server, Report report, int rounds, double seconds)
      throws Exception {
    report.section(
        ID + ": publish throughput",
        """
        One publisher sends frames of %d bytes as fast as the server takes them, into the \
        executable WAR's engine: through an RTMPT tunnel that posts %d KiB at a time, each \
        /send after the previous reply (ffmpeg's sequential pattern with bigger posts), and over \
        plain RTMP (TCP_NODELAY, writes while the socket takes them). Throughput is what the \
        engine acknowledged (the publisher announces a 1 MB window; the engine sends an \
        Acknowledgement per MB consumed), over %.0f s after 2 s of warm-up; %d runs per \
        transport, alternating; medians compared.
        """
            .formatted(FRAME_BYTES, POST_BYTES / 1024, seconds, rounds));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("run", "transport", "MB/s", "server CPU (cores)", "generator CPU (cores)"));
    double[] rtmp = new double[rounds];
    double[] rtmpt = new double[rounds];
    try (LoadGenerator generator = new LoadGenerator(1)) {
      for (int i = 0; i < rounds; i++) {
        rtmp[i] = once(generator, server, false, i, seconds, rows);
        rtmpt[i] = once(generator, server, true, i, seconds, rows);
      }
      report.table(rows);
      double ratio = median(rtmpt) / median(rtmp);
      report.figure(
          new Report.Figure(
              ID,
              FIGURE,
              Report.f2(ratio)
                  + " (RTMPT "
                  + Report.f1(median(rtmpt))
                  + " MB/s, RTMP "
                  + Report.f1(median(rtmp))
                  + " MB/s)",
              GOAL,
              ratio >= GOAL_RATIO));
      if (generator.metrics().errorCount() > 0) {
        report.paragraph("Errors: " + generator.metrics().errorSamples());
      }
    }
  }

  private static double once(
      LoadGenerator generator,
      ServerUnderTest server,
      boolean tunnel,
      int round,
      double seconds,
      List<List<String>> rows)
      throws Exception {
    String stream = "b1-" + (tunnel ? "rtmpt-" : "rtmp-") + round;
    Role role = new Role.Publish("live", stream, MediaSource.flatOut(FRAME_BYTES));
    LoadClient client =
        tunnel
            ? generator.rtmpt(
                server.http(), TunnelOptions.of(ClientKind.FFMPEG).postingBytes(POST_BYTES), role)
            : generator.rtmp(server.rtmp(), role);
    client.ready().get(30, TimeUnit.SECONDS);
    Thread.sleep(2000);
    long before = client.acknowledgedBytes();
    Window window = Window.open(server.probe(), generator.metrics());
    Thread.sleep((long) (seconds * 1000));
    long after = client.acknowledgedBytes();
    Window.Sample sample = window.close();
    client.close();
    client.closed().get(30, TimeUnit.SECONDS);
    double megabytesPerSecond = (after - before) / sample.seconds() / 1e6;
    rows.add(
        List.of(
            String.valueOf(round + 1),
            tunnel ? "RTMPT" : "RTMP",
            Report.f1(megabytesPerSecond),
            Report.f2(sample.serverCores()),
            Report.f2(sample.generatorCores())));
    return megabytesPerSecond;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
