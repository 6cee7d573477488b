package io.rtmpt.engine.testing;

import java.util.List;

/**
 * GStreamer command lines for interop tests. {@code rtmpsink} is built on librtmp, so unlike
 * Debian's ffmpeg it can publish over {@code rtmpe://} and {@code rtmpte://}.
 *
 * <p>Needs (Debian): gstreamer1.0-tools, gstreamer1.0-plugins-base (test sources, audioconvert),
 * gstreamer1.0-plugins-good (flvmux, aacparse), gstreamer1.0-plugins-bad (rtmpsink, h264parse,
 * voaacenc), gstreamer1.0-plugins-ugly (x264enc).
 */
public final class Gstreamer {
  private Gstreamer() {}

  /**
   * A live publisher of {@link Ffmpeg#WIDTH}x{@link Ffmpeg#HEIGHT} H.264 at {@link Ffmpeg#FPS} fps
   * (a keyframe a second) and AAC to {@code url} with {@code rtmpsink}, until killed. The URL's
   * librtmp options (" live=1") are appended here.
   */
  public static List<String> publish(String url) {
    String launch = Interop.requireTool("gst-launch-1.0").toString();
    return List.of(
        launch,
        "-e",
        "videotestsrc",
        "is-live=true",
        "!",
        "video/x-raw,width="
            + Ffmpeg.WIDTH
            + ",height="
            + Ffmpeg.HEIGHT
            + ",framerate="
            + Ffmpeg.FPS
            + "/1",
        "!",
        "x264enc",
        "tune=zerolatency",
        "speed-preset=ultrafast",
        "key-int-max=" + Ffmpeg.FPS,
        "!",
        "h264parse",
        "!",
        "flvmux",
        "name=mux",
        "streamable=true",
        "!",
        "rtmpsink",
        "location=" + url + " live=1",
        "audiotestsrc",
        "is-live=true",
        "!",
        "audioconvert",
        "!",
        "voaacenc",
        "!",
        "aacparse",
        "!",
        "mux.");
  }
}
