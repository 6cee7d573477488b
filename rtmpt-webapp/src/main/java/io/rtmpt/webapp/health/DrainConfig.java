package io.rtmpt.webapp.health;

import io.rtmpt.webapp.config.Settings;
import java.time.Duration;

/**
 * Settings of the drain, read like every other setting (context parameter, environment variable,
 * system property, default).
 *
 * @param grace how long running sessions may go on once a drain began ({@code
 *     rtmpt.drain-grace-ms}); then their clients are told the streams stopped and are given {@link
 *     Drain#FAREWELL} to disconnect before the rest is closed
 */
public record DrainConfig(Duration grace) {
  public static final String GRACE = "rtmpt.drain-grace-ms";

  /**
   * 20 s: with {@link Drain#FAREWELL} (5 s) a stop takes at most 25 s, within the 30 s Kubernetes
   * waits by default before it kills a container (Docker waits 10 s: give {@code docker stop} a
   * longer time, README.md "Production deployment").
   */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

  /** The longest grace accepted: one hour. */
  public static final Duration MAX_GRACE = Duration.ofHours(1);

  public static DrainConfig from(Settings settings) {
    Duration grace = settings.getDuration(GRACE, DEFAULT_GRACE);
    if (grace.compareTo(MAX_GRACE) > 0) {
      throw new IllegalArgumentException(
          GRACE
              + " from "
              + settings.describe(GRACE)
              + ": '"
              + grace.toMillis()
              + "' is above the maximum "
              + MAX_GRACE.toMillis());
    }
    return new DrainConfig(grace);
  }
}
