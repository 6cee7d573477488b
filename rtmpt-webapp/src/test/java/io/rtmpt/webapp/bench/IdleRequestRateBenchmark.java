package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.LoadGenerator;
import io.rtmpt.webapp.loadgen.RequestLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * B5: the cost of an RTMPT poll against the cheapest reply the same container can give. {@link
 * BenchServer} (Jetty 12, idle hold 0 so that every {@code /idle} is answered at once) serves both
 * {@code /idle} of fresh tunnels and {@link BenchServer.TrivialServlet}; the same closed loop of
 * keep-alive connections drives each in turn.
 */
final class IdleRequestRateBenchmark {
  static final String ID = "B5";
  static final String FIGURE = "/idle requests per second / trivial servlet's, same Jetty";
  static final String GOAL = ">= 0.8";
  private static final double GOAL_RATIO = 0.8;

  private IdleRequestRateBenchmark() {}

  static void run(ServerUnderTest server, Report report, int connections, int rounds, double s)
      throws Exception {
    report.section(
        ID + ": request rate of /idle",
        """
        %s with rtmpt.idle-hold-ms=0 (an empty /idle is answered at once). %d keep-alive \
        connections post a 1-byte body, wait for the reply and post again (librtmp's framing): \
        either /idle of a tunnel each (opened first, no RTMP handshake, so every reply is the \
        polling byte alone) or %s, a servlet that reads the body and answers one byte with the \
        same headers. %d rounds of %.0f s each, alternating, after one warm-up round of each; \
        sums compared.
        """
            .formatted(server.name(), connections, BenchServer.TRIVIAL_PATH, rounds, s));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("round", "target", "requests/s", "server CPU (cores)", "generator CPU"));
    double idle = 0;
    double trivial = 0;
    try (LoadGenerator generator = new LoadGenerator(1)) {
      RequestLoop.Target idleTarget = RequestLoop.Target.idle();
      RequestLoop.Target trivialTarget = RequestLoop.Target.path(BenchServer.TRIVIAL_PATH);
      once(generator, server, connections, trivialTarget, 3, null, 0);
      once(generator, server, connections, idleTarget, 3, null, 0);
      for (int i = 1; i <= rounds; i++) {
        trivial += once(generator, server, connections, trivialTarget, s, rows, i);
        idle += once(generator, server, connections, idleTarget, s, rows, i);
      }
      report.table(rows);
      if (generator.metrics().errorCount() > 0) {
        report.paragraph(
            "Errors: "
                + generator.metrics().errors()
                + "; first: "
                + Report.oneLine(String.valueOf(generator.metrics().errorSamples())));
      }
    }
    double ratio = idle / trivial;
    report.figure(
        new Report.Figure(
            ID,
            FIGURE,
            Report.f2(ratio)
                + " ("
                + Report.f0(idle / rounds)
                + " vs "
                + Report.f0(trivial / rounds)
                + " requests/s)",
            GOAL,
            ratio >= GOAL_RATIO));
  }

  private static double once(
      LoadGenerator generator,
      ServerUnderTest server,
      int connections,
      RequestLoop.Target target,
      double seconds,
      List<List<String>> rows,
      int round)
      throws Exception {
    try (RequestLoop loop = generator.requestLoop(server.http(), connections, target)) {
      Thread.sleep(500);
      long before = loop.replies();
      Window window = Window.open(server.probe(), generator.metrics());
      Thread.sleep((long) (seconds * 1000));
      long after = loop.replies();
      Window.Sample sample = window.close();
      double rate = (after - before) / sample.seconds();
      if (rows != null) {
        rows.add(
            List.of(
                String.valueOf(round),
                target.path() == null ? "/idle" : target.path(),
                Report.f0(rate),
                Report.f2(sample.serverCores()),
                Report.f2(sample.generatorCores())));
      }
      return rate;
    }
  }
}
