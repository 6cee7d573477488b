package io.rtmpt.webapp.bench;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * B6: ffmpeg pushing a 20 Mbit/s FLV without {@code -re} (as fast as it can) to the executable WAR,
 * over rtmpt:// and over rtmp://; the figure is the ratio of the median wall times. The FLV (30 s,
 * 1280x720, x264 at 20 Mbit/s with noise so that it really is 20 Mbit/s) is generated with ffmpeg
 * once and kept under {@code target/}.
 */
final class FfmpegPushBenchmark {
  static final String ID = "B6";
  static final String FIGURE = "ffmpeg push of a 20 Mbit/s FLV without -re, RTMPT / RTMP time";
  static final String GOAL = "<= 1.2";
  private static final double GOAL_RATIO = 1.2;

  private FfmpegPushBenchmark() {}

  static void run(ServerUnderTest server, Path media, Path logs, Report report, int rounds)
      throws Exception {
    Path ffmpeg = Interop.requireTool("ffmpeg");
    Path flv = media.resolve("push-20mbit-30s.flv");
    if (!Files.isRegularFile(flv)) {
      generate(ffmpeg, flv, logs);
    }
    report.section(
        ID + ": ffmpeg push without -re",
        """
        `ffmpeg -i %s -c copy -f flv URL` (%s, 30 s of 1280x720 H.264 at 20 Mbit/s), to \
        rtmp:// and rtmpt:// of the executable WAR, %d times each, alternating; wall time of \
        the ffmpeg process; medians compared. ffmpeg's RTMPT client posts every 10 packets and \
        writes each request's head and body apart without TCP_NODELAY \
        (libavformat/rtmphttp.c; measured with ffmpeg 5.1).
        """
            .formatted(flv.getFileName(), Report.mib(Files.size(flv)), rounds));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("round", "rtmp:// (s)", "rtmpt:// (s)", "ratio"));
    double[] rtmp = new double[rounds];
    double[] rtmpt = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      rtmp[i] = push(ffmpeg, flv, logs, "rtmp-" + i, "rtmp://127.0.0.1:" + server.rtmp().getPort());
      rtmpt[i] =
          push(ffmpeg, flv, logs, "rtmpt-" + i, "rtmpt://127.0.0.1:" + server.http().getPort());
      rows.add(
          List.of(
              String.valueOf(i + 1),
              Report.f2(rtmp[i]),
              Report.f2(rtmpt[i]),
              Report.f2(rtmpt[i] / rtmp[i])));
    }
    report.table(rows);
    double ratio =
        PublishThroughputBenchmark.median(rtmpt) / PublishThroughputBenchmark.median(rtmp);
    report.figure(
        new Report.Figure(
            ID,
            FIGURE,
            Report.f2(ratio)
                + " (RTMPT "
                + Report.f2(PublishThroughputBenchmark.median(rtmpt))
                + " s, RTMP "
                + Report.f2(PublishThroughputBenchmark.median(rtmp))
                + " s)",
            GOAL,
            ratio <= GOAL_RATIO));
  }

  private static double push(Path ffmpeg, Path flv, Path logs, String name, String server)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    try (ExternalProcess p =
        ExternalProcess.start(
            "b6-" + name,
            logs,
            List.of(
                ffmpeg.toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "warning",
                "-i",
                flv.toString(),
                "-c",
                "copy",
                "-f",
                "flv",
                server + "/live/b6-" + name))) {
      int exit = p.waitFor(Duration.ofMinutes(5));
      if (exit != 0) {
        throw new IOException(p + " exited with " + exit + ":\n" + p.tail());
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void generate(Path ffmpeg, Path flv, Path logs)
      throws IOException, InterruptedException {
    Files.createDirectories(flv.getParent());
    Path partial = flv.resolveSibling(flv.getFileName() + ".part.flv");
    try (ExternalProcess p =
        ExternalProcess.start(
            "b6-generate",
            logs,
            List.of(
                ffmpeg.toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=25",
                "-t",
                "30",
                "-vf",
                "noise=alls=40:allf=t",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "50",
                "-b:v",
                "20M",
                "-maxrate",
                "20M",
                "-bufsize",
                "8M",
                "-pix_fmt",
                "yuv420p",
                "-f",
                "flv",
                "-y",
                partial.toString()))) {
      int exit = p.waitFor(Duration.ofMinutes(5));
      if (exit != 0) {
        throw new IOException("generating " + flv + " failed:\n" + p.tail());
      }
    }
    Files.move(partial, flv);
  }
}
