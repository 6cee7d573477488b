package io.rtmpt.webapp.config;

import io.rtmpt.engine.record.RecordingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The settings of on-demand playback and recording (README "Recording and on-demand playback"),
 * read from {@link Settings} into what the engine takes: the applications that play files with
 * their directories, and the {@link RecordingConfig}.
 *
 * <ul>
 *   <li>{@code rtmpt.vod-dir}: the media directory of application {@code vod} (the executable's
 *       {@code --vod-dir});
 *   <li>{@code rtmpt.vod-apps}: more, as {@code app=DIR,app2=DIR2};
 *   <li>{@code rtmpt.record-dir}: where recordings are written (the executable's {@code
 *       --record-dir}); the directory is also played as application {@code recordings} unless
 *       {@code rtmpt.vod-apps} names that application;
 *   <li>{@code rtmpt.record-apps}: applications whose every publish is recorded ({@code live} or
 *       {@code live,studio}); any other stream is recorded when an operator starts it;
 *   <li>{@code rtmpt.record.max-duration-ms}, {@code rtmpt.record.max-bytes}: rotation (0 = off);
 *   <li>{@code rtmpt.record.min-free-bytes}: the disk-space floor;
 *   <li>{@code rtmpt.record.mp4}: {@code true} makes an MP4 copy of each closed recording with
 *       ffmpeg, when it is installed.
 * </ul>
 */
public final class MediaSettings {
  public static final String VOD_DIR = "rtmpt.vod-dir";
  public static final String VOD_APPS = "rtmpt.vod-apps";
  public static final String RECORD_DIR = "rtmpt.record-dir";
  public static final String RECORD_APPS = "rtmpt.record-apps";
  public static final String RECORD_MAX_DURATION = "rtmpt.record.max-duration-ms";
  public static final String RECORD_MAX_BYTES = "rtmpt.record.max-bytes";
  public static final String RECORD_MIN_FREE_BYTES = "rtmpt.record.min-free-bytes";
  public static final String RECORD_MP4 = "rtmpt.record.mp4";

  /** The application {@code rtmpt.vod-dir} serves. */
  public static final String VOD_APP = "vod";

  /** The application the recordings directory is played as. */
  public static final String RECORDINGS_APP = "recordings";

  private MediaSettings() {}

  /** Applications that play files, each with its directory. */
  public static Map<String, Path> vodDirectories(Settings settings) {
    Map<String, Path> out = new LinkedHashMap<>();
    String recordDir = settings.getString(RECORD_DIR, null);
    if (recordDir != null) {
      out.put(RECORDINGS_APP, Path.of(recordDir));
    }
    String vodDir = settings.getString(VOD_DIR, null);
    if (vodDir != null) {
      out.put(VOD_APP, Path.of(vodDir));
    }
    String apps = settings.getString(VOD_APPS, "");
    for (String pair : apps.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(
            VOD_APPS
                + " from "
                + settings.describe(VOD_APPS)
                + ": '"
                + pair.trim()
                + "' is not app=DIR");
      }
      out.put(pair.substring(0, eq).trim(), Path.of(pair.substring(eq + 1).trim()));
    }
    return out;
  }

  /** The recording configuration; {@link RecordingConfig#OFF} without {@code rtmpt.record-dir}. */
  public static RecordingConfig recording(Settings settings) {
    String dir = settings.getString(RECORD_DIR, null);
    if (dir == null) {
      return RecordingConfig.OFF;
    }
    Set<String> apps = new LinkedHashSet<>();
    Arrays.stream(settings.getString(RECORD_APPS, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(apps::add);
    Duration maxDuration =
        settings.getDuration(RECORD_MAX_DURATION, RecordingConfig.DEFAULT_MAX_DURATION);
    long maxBytes =
        settings.getLong(RECORD_MAX_BYTES, RecordingConfig.DEFAULT_MAX_BYTES, 0, Long.MAX_VALUE);
    long minFree =
        settings.getLong(
            RECORD_MIN_FREE_BYTES, RecordingConfig.DEFAULT_MIN_FREE_BYTES, 0, Long.MAX_VALUE);
    return RecordingConfig.in(Path.of(dir), apps)
        .withRotation(maxDuration, maxBytes)
        .withMinFreeBytes(minFree)
        .withRemuxToMp4(settings.getBoolean(RECORD_MP4, false));
  }
}
