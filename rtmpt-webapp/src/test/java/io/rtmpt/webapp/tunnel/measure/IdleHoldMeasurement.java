package io.rtmpt.webapp.tunnel.measure;

import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.tunnel.RtmptCommand;
import io.rtmpt.webapp.tunnel.RtmptServlet;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the idle hold does to real clients: runs rtmpdump and ffmpeg through the tunnel
 * (Jetty 12 + {@link RtmptServlet} + a plain TCP peer) to an RTMP server, once per hold value, and
 * logs requests per second, exit codes and media received. Not a unit test: it needs rtmpdump,
 * ffmpeg, ffprobe and an RTMP server on 127.0.0.1 ({@code -Dbackend.port}, default 19350, e.g.
 * nginx with the rtmp module, {@code application live { live on; }}) that has a live stream {@code
 * live/test} published to it. Arguments: hold values in ms.
 *
 * <p>Run it after {@code mvn -pl rtmpt-webapp -am test-compile} with {@code java -cp
 * rtmpt-webapp/target/test-classes:rtmpt-webapp/target/classes:<the test-scope jars: jetty-server,
 * -http, -io, -util, -security, -session, jetty-ee10-servlet, jakarta.servlet-api, slf4j-api,
 * slf4j-simple>}. Results on the development machine (idle requests/s; every run played or
 * published successfully):
 *
 * <pre>
 *   hold ms                      0      50     100    200    300    500
 *   rtmpdump, stream absent   3756      17    10.6    5.0    3.8    2.4
 *   rtmpdump, playing        18435      48      52     47     46     51
 *   ffmpeg, playing             20      21      20     21     21     20
 * </pre>
 */
public final class IdleHoldMeasurement {

  private static final Logger LOG = LoggerFactory.getLogger(IdleHoldMeasurement.class);

  private IdleHoldMeasurement() {}

  public static void main(String[] args) throws Exception {
    int backendPort = Integer.getInteger("backend.port", 19350);
    File work = new File(System.getProperty("work.dir", System.getProperty("java.io.tmpdir")));
    List<Integer> holds = new ArrayList<>();
    for (String arg : args) {
      holds.add(Integer.parseInt(arg));
    }
    if (holds.isEmpty()) {
      holds = List.of(0, 50, 100, 200, 300, 500);
    }
    for (int hold : holds) {
      waitingForAStreamThatNeverStarts(hold, backendPort);
      rtmpdumpPlaysTenSeconds(hold, backendPort, work);
      ffmpegPlaysTenSeconds(hold, backendPort, work);
      ffmpegPublishesEightSeconds(hold, backendPort);
    }
  }

  private static void waitingForAStreamThatNeverStarts(int hold, int backendPort) throws Exception {
    try (Tunnel tunnel = new Tunnel(hold, backendPort)) {
      Run run =
          Run.start(
              List.of("rtmpdump", "-q", "-v", "-r", tunnel.url("live/absent"), "-o", "/dev/null"));
      run.killAfter(Duration.ofSeconds(5));
      report("rtmpdump waiting", hold, tunnel.statistics(), run, "");
    }
  }

  private static void rtmpdumpPlaysTenSeconds(int hold, int backendPort, File work)
      throws Exception {
    File out = new File(work, "rtmpdump-" + hold + ".flv");
    try (Tunnel tunnel = new Tunnel(hold, backendPort)) {
      Run run =
          Run.start(
              List.of("rtmpdump", "-q", "-v", "-r", tunnel.url("live/test"), "-o", out.getPath()));
      run.killAfter(Duration.ofSeconds(10));
      report(
          "rtmpdump play",
          hold,
          tunnel.statistics(),
          run,
          out.length() + " bytes, " + mediaSeconds(out) + " s of media");
    }
  }

  private static void ffmpegPlaysTenSeconds(int hold, int backendPort, File work) throws Exception {
    File out = new File(work, "ffmpeg-" + hold + ".flv");
    try (Tunnel tunnel = new Tunnel(hold, backendPort)) {
      Run run =
          Run.start(
              List.of(
                  "ffmpeg",
                  "-hide_banner",
                  "-loglevel",
                  "error",
                  "-y",
                  "-i",
                  tunnel.url("live/test"),
                  "-t",
                  "10",
                  "-c",
                  "copy",
                  "-f",
                  "flv",
                  out.getPath()));
      run.waitFor(Duration.ofSeconds(40));
      report(
          "ffmpeg play 10 s",
          hold,
          tunnel.statistics(),
          run,
          out.length() + " bytes, " + mediaSeconds(out) + " s of media");
    }
  }

  private static void ffmpegPublishesEightSeconds(int hold, int backendPort) throws Exception {
    try (Tunnel tunnel = new Tunnel(hold, backendPort)) {
      Run run =
          Run.start(
              List.of(
                  "ffmpeg",
                  "-hide_banner",
                  "-loglevel",
                  "error",
                  "-re",
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size=640x360:rate=25",
                  "-f",
                  "lavfi",
                  "-i",
                  "sine=frequency=440",
                  "-t",
                  "8",
                  "-c:v",
                  "libx264",
                  "-preset",
                  "ultrafast",
                  "-g",
                  "50",
                  "-c:a",
                  "aac",
                  "-f",
                  "flv",
                  tunnel.url("live/published" + hold)));
      run.waitFor(Duration.ofSeconds(40));
      report("ffmpeg publish 8 s", hold, tunnel.statistics(), run, "");
    }
  }

  private static void report(
      String scenario, int hold, RtmptStatistics statistics, Run run, String media) {
    double seconds = run.elapsed().toMillis() / 1000.0;
    long idle = statistics.requests().get(RtmptCommand.IDLE);
    long send = statistics.requests().get(RtmptCommand.SEND);
    LOG.info(
        String.format(
            "hold %4d ms | %-18s | %5.1f s | exit %3d | idle %6d (%7.1f/s) | send %5d (%6.1f/s) |"
                + " %s",
            hold,
            scenario,
            seconds,
            run.exitCode(),
            idle,
            idle / seconds,
            send,
            send / seconds,
            media));
  }

  private static String mediaSeconds(File flv) throws Exception {
    if (flv.length() == 0) {
      return "0";
    }
    Process probe =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                flv.getPath())
            .redirectErrorStream(true)
            .start();
    String text = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    probe.waitFor(10, TimeUnit.SECONDS);
    return text;
  }

  /** A client process and its timing. */
  private static final class Run {
    private final Process process;
    private final long start = System.nanoTime();
    private long end;

    private Run(Process process) {
      this.process = process;
    }

    static Run start(List<String> command) throws Exception {
      return new Run(
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start());
    }

    /** rtmpdump ignores SIGINT and SIGTERM while it polls: it has to be killed. */
    void killAfter(Duration duration) throws InterruptedException {
      if (!process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
      end = System.nanoTime();
    }

    void waitFor(Duration limit) throws InterruptedException {
      killAfter(limit);
    }

    int exitCode() {
      return process.exitValue();
    }

    Duration elapsed() {
      return Duration.ofNanos(end - start);
    }
  }

  /** Jetty on an ephemeral port with the tunnel in front of the backend. */
  private static final class Tunnel implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final RtmptSessionRegistry registry;

    Tunnel(int holdMillis, int backendPort) throws Exception {
      RtmptConfig defaults = RtmptConfig.defaults();
      RtmptConfig config =
          new RtmptConfig(
              Duration.ofMillis(holdMillis),
              defaults.sessionTimeout(),
              defaults.maxSessions(),
              defaults.maxSessionsPerAddress(),
              defaults.maxRequestBytes(),
              defaults.maxReplyBytes(),
              defaults.reorderWindow(),
              defaults.reorderTimeout(),
              null);
      registry =
          new RtmptSessionRegistry(
              config, new SocketPeerFactory(new InetSocketAddress("127.0.0.1", backendPort)));
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      ServletHolder holder = new ServletHolder("rtmpt", new RtmptServlet(registry));
      holder.setAsyncSupported(true);
      for (String mapping : RtmptServlet.MAPPINGS) {
        context.addServlet(holder, mapping);
      }
      server.setHandler(context);
      server.start();
    }

    String url(String appAndStream) {
      return "rtmpt://127.0.0.1:" + connector.getLocalPort() + "/" + appAndStream;
    }

    RtmptStatistics statistics() {
      return registry.statistics();
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      } finally {
        registry.close();
      }
    }
  }
}
