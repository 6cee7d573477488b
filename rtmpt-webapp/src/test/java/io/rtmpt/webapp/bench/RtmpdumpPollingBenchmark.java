package io.rtmpt.webapp.bench;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * B7: rtmpdump's request rate while it plays a stream nobody publishes. librtmp polls with no delay
 * at all, so the rate is what the server's idle hold allows. Requests are counted by the server
 * ({@code rtmpt_tunnel_requests_total} of {@code /metrics}).
 */
final class RtmpdumpPollingBenchmark {
  static final String ID = "B7";
  static final String FIGURE = "rtmpdump requests per second playing an idle stream";
  static final String GOAL = "<= 20/s";
  private static final double GOAL_RATE = 20;
  private static final String COUNTER = "rtmpt_tunnel_requests_total{";

  private RtmpdumpPollingBenchmark() {}

  static void run(ServerUnderTest server, Path logs, Report report, double seconds)
      throws Exception {
    Path rtmpdump = Interop.requireTool("rtmpdump");
    report.section(
        ID + ": rtmpdump polling an idle stream",
        """
        `rtmpdump --live -r rtmpt://127.0.0.1:PORT/live/b7-idle -o /dev/null` against the \
        executable WAR (idle hold at its default); the stream is never published, so the tunnel \
        carries nothing after the play command. After 3 s, the server's request counter over \
        %.0f s.
        """
            .formatted(seconds));
    try (ExternalProcess p =
        ExternalProcess.start(
            "b7-rtmpdump",
            logs,
            List.of(
                rtmpdump.toString(),
                "--live",
                "-r",
                "rtmpt://127.0.0.1:" + server.http().getPort() + "/live/b7-idle",
                "-o",
                "/dev/null"))) {
      Thread.sleep(3000);
      double before = requests(server);
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      double after = requests(server);
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (!p.isAlive()) {
        throw new IOException("rtmpdump exited early:\n" + p.tail());
      }
      double rate = (after - before) / elapsed;
      report.paragraph(Report.f0(after - before) + " requests in " + Report.f1(elapsed) + " s.");
      report.figure(new Report.Figure(ID, FIGURE, Report.f1(rate) + "/s", GOAL, rate <= GOAL_RATE));
    }
  }

  /** The server's RTMPT requests so far, all commands. */
  private static double requests(ServerUnderTest server) throws Exception {
    double sum = 0;
    boolean found = false;
    for (String line : server.metrics().split("\n")) {
      if (line.startsWith(COUNTER)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    if (!found) {
      throw new IOException("no " + COUNTER + "...} line in /metrics");
    }
    return sum;
  }
}
