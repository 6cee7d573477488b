package io.rtmpt.engine.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how publishes are recorded to FLV files.
 *
 * @param directory where recordings go, flat, so that they play back by their file name ({@code
 *     <directory>/<app>-<name>-<yyyyMMdd-HHmmss UTC>.flv}); null turns recording off
 * @param apps applications whose every publish is recorded from its start ({@code all}); others are
 *     recorded only when an operator starts it (admin API, console)
 * @param maxDuration a file is closed and the next one started at the first keyframe after this
 *     much media; zero for no rotation by time
 * @param maxBytes the same by file size; 0 for no rotation by size
 * @param minFreeBytes usable space on the directory's file system below which recording stops (with
 *     a warning) instead of filling the disk
 * @param maxQueueBytes media bytes waiting for the disk per recording; beyond it frames are dropped
 *     (never the publisher slowed down), with a warning
 * @param remuxToMp4 after each file closes, copy it into an MP4 beside it with ffmpeg ({@code -c
 *     copy -movflags +faststart}), when ffmpeg is on the PATH; the FLV stays
 */
public record RecordingConfig(
    Path directory,
    Set<String> apps,
    Duration maxDuration,
    long maxBytes,
    long minFreeBytes,
    int maxQueueBytes,
    boolean remuxToMp4) {

  /** Rotation by time off by default. */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ZERO;

  /** Rotation by size off by default. */
  public static final long DEFAULT_MAX_BYTES = 0;

  /** 1 GiB: room for the system and other writers when the recordings fill the disk. */
  public static final long DEFAULT_MIN_FREE_BYTES = 1024L * 1024 * 1024;

  /** 8 MiB: several seconds of a high-bitrate stream while the disk is busy. */
  public static final int DEFAULT_MAX_QUEUE_BYTES = 8 * 1024 * 1024;

  /** Recording off. */
  public static final RecordingConfig OFF =
      new RecordingConfig(
          null,
          Set.of(),
          DEFAULT_MAX_DURATION,
          DEFAULT_MAX_BYTES,
          DEFAULT_MIN_FREE_BYTES,
          DEFAULT_MAX_QUEUE_BYTES,
          false);

  public RecordingConfig {
    apps = Set.copyOf(apps);
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxDuration.isNegative() || maxBytes < 0 || minFreeBytes < 0) {
      throw new IllegalArgumentException("recording limits must not be negative");
    }
    if (maxQueueBytes <= 0) {
      throw new IllegalArgumentException("maxQueueBytes must be positive: " + maxQueueBytes);
    }
  }

  /** The defaults with recordings in {@code directory} and every publish of {@code apps}. */
  public static RecordingConfig in(Path directory, Set<String> apps) {
    return new RecordingConfig(
        Objects.requireNonNull(directory, "directory"),
        apps,
        DEFAULT_MAX_DURATION,
        DEFAULT_MAX_BYTES,
        DEFAULT_MIN_FREE_BYTES,
        DEFAULT_MAX_QUEUE_BYTES,
        false);
  }

  /** True when a directory is configured. */
  public boolean enabled() {
    return directory != null;
  }

  /** The same with other rotation limits. */
  public RecordingConfig withRotation(Duration duration, long bytes) {
    return new RecordingConfig(
        directory, apps, duration, bytes, minFreeBytes, maxQueueBytes, remuxToMp4);
  }

  /** The same with another disk-space floor. */
  public RecordingConfig withMinFreeBytes(long bytes) {
    return new RecordingConfig(
        directory, apps, maxDuration, maxBytes, bytes, maxQueueBytes, remuxToMp4);
  }

  /** The same with another queue bound. */
  public RecordingConfig withMaxQueueBytes(int bytes) {
    return new RecordingConfig(
        directory, apps, maxDuration, maxBytes, minFreeBytes, bytes, remuxToMp4);
  }

  /** The same with MP4 copies made, or not, when files close. */
  public RecordingConfig withRemuxToMp4(boolean remux) {
    return new RecordingConfig(
        directory, apps, maxDuration, maxBytes, minFreeBytes, maxQueueBytes, remux);
  }
}
