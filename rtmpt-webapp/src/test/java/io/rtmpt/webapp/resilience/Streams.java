package io.rtmpt.webapp.resilience;

import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ffmpeg command lines and checks of the resilience tests: publishers whose picture tells them
 * apart (all black, all white), a thin audio-only publisher, and players that write the mean
 * brightness of every decoded frame to a file, so that a test can count the frames of each
 * publisher a player decoded.
 */
final class Streams {
  /** Mean luma of a decoded frame of the black publisher is 16, of the white one 235. */
  static final double BLACK_BELOW = 60;

  static final double WHITE_ABOVE = 190;

  private static final Pattern YAVG = Pattern.compile("lavfi\\.signalstats\\.YAVG=([0-9.]+)");

  private Streams() {}

  /**
   * A live publisher of a solid {@code color} picture (320x240, 25 fps, a keyframe a second) and a
   * tone, for {@code seconds} (0 = until killed).
   */
  static List<String> publishColor(String url, String color, int hz, int seconds) {
    return Ffmpeg.publishLavfi(
        url,
        "color=c=" + color + ":size=320x240:rate=" + Ffmpeg.FPS,
        "sine=frequency=" + hz + ":sample_rate=44100",
        seconds);
  }

  /** A live audio-only publisher: a tone in AAC at 64 kbit/s, until killed. */
  static List<String> publishAudioOnly(String url) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-re",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=44100",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-f",
        "flv",
        url);
  }

  /**
   * Plays {@code url} (or reads a recorded file) for {@code seconds} of media (0 = all of it),
   * decoding every frame and writing each one's mean luma to {@code yavg}.
   */
  static List<String> decodeBrightness(String input, int seconds, Path yavg) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Interop.requireTool("ffmpeg").toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "info",
                "-i",
                input));
    if (seconds > 0) {
      cmd.addAll(List.of("-t", String.valueOf(seconds)));
    }
    cmd.addAll(
        List.of(
            "-vf",
            "signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=" + yavg,
            "-f",
            "null",
            "-"));
    return cmd;
  }

  /** How many decoded frames were black and how many white, in the order they came. */
  record Brightness(int black, int white, int blackAfterWhite, int other) {
    @Override
    public String toString() {
      return black
          + " black, "
          + white
          + " white ("
          + blackAfterWhite
          + " black after white), "
          + other
          + " other";
    }
  }

  static Brightness brightness(Path yavg) throws IOException {
    String text = Files.exists(yavg) ? Files.readString(yavg) : "";
    Matcher m = YAVG.matcher(text);
    int black = 0;
    int white = 0;
    int blackAfterWhite = 0;
    int other = 0;
    while (m.find()) {
      double y = Double.parseDouble(m.group(1));
      if (y < BLACK_BELOW) {
        black++;
        blackAfterWhite += white > 0 ? 1 : 0;
      } else if (y > WHITE_ABOVE) {
        white++;
      } else {
        other++;
      }
    }
    return new Brightness(black, white, blackAfterWhite, other);
  }

  /** The decoded duration an ffmpeg log reports last ("time=00:03:00.02"), in seconds, or -1. */
  static double lastTime(String log) {
    Matcher m = Pattern.compile("time=(\\d+):(\\d\\d):(\\d\\d(?:\\.\\d+)?)").matcher(log);
    double last = -1;
    while (m.find()) {
      last =
          Integer.parseInt(m.group(1)) * 3600
              + Integer.parseInt(m.group(2)) * 60
              + Double.parseDouble(m.group(3));
    }
    return last;
  }
}
