package io.rtmpt.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ffmpeg, ffprobe and rtmpdump command lines the interop tests share. */
public final class Ffmpeg {
  /** Test stream: 320x240 at 25 fps, one keyframe a second, H.264 + AAC. */
  public static final int WIDTH = 320;

  public static final int HEIGHT = 240;
  public static final int FPS = 25;

  /** Lines of a decoding ffmpeg's log that mean it could not decode what it received. */
  public static final Pattern DECODE_ERRORS =
      Pattern.compile(
          "(?i)(non-existing PPS|non-existing SPS|no frame!|decode_slice_header error"
              + "|missing reference|reference picture missing|error while decoding"
              + "|Invalid data found|co located POCs unavailable|concealing \\d+ )");

  private Ffmpeg() {}

  /**
   * A live publisher of a generated stream to {@code url}, for {@code seconds} (0 = until killed).
   */
  public static List<String> publish(String url, int seconds) {
    return publishLavfi(
        url,
        "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS,
        "sine=frequency=440:sample_rate=44100",
        seconds);
  }

  /**
   * A live publisher of lavfi sources to {@code url}: {@code video} (e.g. {@code
   * color=c=red:size=320x240:rate=25}) as H.264 with a keyframe a second, {@code audio} (e.g.
   * {@code sine=frequency=440:sample_rate=44100}) as AAC at 64 kbit/s, for {@code seconds} (0 =
   * until killed).
   */
  public static List<String> publishLavfi(String url, String video, String audio, int seconds) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Interop.requireTool("ffmpeg").toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "info",
                "-re",
                "-f",
                "lavfi",
                "-i",
                video,
                "-f",
                "lavfi",
                "-i",
                audio));
    if (seconds > 0) {
      cmd.addAll(List.of("-t", String.valueOf(seconds)));
    }
    cmd.addAll(
        List.of(
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-tune",
            "zerolatency",
            "-g",
            String.valueOf(FPS),
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-f",
            "flv",
            url));
    return cmd;
  }

  /**
   * Writes a {@code seconds} long H.264 (with B-frames: veryfast) + AAC test file at {@link #WIDTH}
   * x {@link #HEIGHT}, {@link #FPS} fps, a keyframe a second, as FLV (or whatever {@code file}'s
   * extension says).
   */
  public static List<String> generate(Path file, int seconds) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS,
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=44100",
        "-t",
        String.valueOf(seconds),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-g",
        String.valueOf(FPS),
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-y",
        file.toString());
  }

  /**
   * Copies {@code source} into an MP4 file, with the {@code moov} box at the front ({@code
   * faststart}) or, as ffmpeg writes it by default, at the end.
   */
  public static List<String> remuxToMp4(Path source, Path mp4, boolean moovFirst) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Interop.requireTool("ffmpeg").toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-i",
                source.toString(),
                "-c",
                "copy"));
    if (moovFirst) {
      cmd.addAll(List.of("-movflags", "+faststart"));
    }
    cmd.addAll(List.of("-y", mp4.toString()));
    return cmd;
  }

  /** Plays {@code url} to its end and copies it into an FLV file. */
  public static List<String> copy(String url, Path flv) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-i",
        url,
        "-c",
        "copy",
        "-f",
        "flv",
        "-y",
        flv.toString());
  }

  /** Decodes a whole file, discarding the output (its log shows decoding errors). */
  public static List<String> decodeFile(Path file) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-i",
        file.toString(),
        "-f",
        "null",
        "-");
  }

  /** The duration ffprobe reports for a file's container, in seconds, or -1. */
  public static double duration(Path file, Path logDir) throws IOException, InterruptedException {
    try (ExternalProcess p =
        ExternalProcess.start(
            "ffprobe-d-" + file.getFileName(),
            logDir,
            List.of(
                Interop.requireTool("ffprobe").toString(),
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "default=noprint_wrappers=1:nokey=1",
                file.toString()))) {
      p.waitFor(Duration.ofSeconds(60));
      try {
        return Double.parseDouble(p.stdout().trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /** Plays {@code url} for {@code seconds} and copies it into an FLV file. */
  public static List<String> record(String url, int seconds, Path flv) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-i",
        url,
        "-t",
        String.valueOf(seconds),
        "-c",
        "copy",
        "-f",
        "flv",
        "-y",
        flv.toString());
  }

  /** Plays and decodes {@code url} for {@code seconds}, discarding the output. */
  public static List<String> decode(String url, int seconds) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-i",
        url,
        "-t",
        String.valueOf(seconds),
        "-f",
        "null",
        "-");
  }

  /** rtmpdump playing a live stream into an FLV file. */
  public static List<String> rtmpdump(String url, Path flv) {
    return List.of(
        Interop.requireTool("rtmpdump").toString(), "--live", "-r", url, "-o", flv.toString());
  }

  /** What ffprobe says about a recorded file. */
  public record Probe(
      String videoCodec, int width, int height, String audioCodec, int videoFrames) {}

  public static Probe probe(Path file, Path logDir) throws IOException, InterruptedException {
    String ffprobe = Interop.requireTool("ffprobe").toString();
    String video;
    String audio;
    try (ExternalProcess p =
        ExternalProcess.start(
            "ffprobe-v-" + file.getFileName(),
            logDir,
            List.of(
                ffprobe,
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height,nb_read_frames",
                "-of",
                "default=noprint_wrappers=1",
                file.toString()))) {
      p.waitFor(Duration.ofSeconds(60));
      video = p.stdout();
    }
    try (ExternalProcess p =
        ExternalProcess.start(
            "ffprobe-a-" + file.getFileName(),
            logDir,
            List.of(
                ffprobe,
                "-v",
                "error",
                "-select_streams",
                "a:0",
                "-show_entries",
                "stream=codec_name",
                "-of",
                "default=noprint_wrappers=1",
                file.toString()))) {
      p.waitFor(Duration.ofSeconds(60));
      audio = p.stdout();
    }
    return new Probe(
        field(video, "codec_name"),
        number(video, "width"),
        number(video, "height"),
        field(audio, "codec_name"),
        number(video, "nb_read_frames"));
  }

  /** The last "frame=N" progress count in an ffmpeg log, or -1. */
  public static int lastFrameCount(String log) {
    Matcher m = Pattern.compile("frame=\\s*(\\d+)").matcher(log);
    int last = -1;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }

  /** The log lines that report decoding errors. */
  public static List<String> decodeErrors(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (DECODE_ERRORS.matcher(line).find()) {
        out.add(line);
      }
    }
    return out;
  }

  private static String field(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).trim();
      }
    }
    return null;
  }

  private static int number(String text, String key) {
    String v = field(text, key);
    try {
      return v == null ? -1 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
