package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's charts and rates: a ring buffer of the last {@value #HISTORY_SAMPLES} {@link
 * Sample}s, one every {@link #SAMPLE_PERIOD}, and the rates derived from the two last samples (the
 * gateway's bitrates, each tunnel's bitrates and request rate). Rates are differences of counters
 * over the time between two samples, measured on the monotonic clock; the first sample has no
 * predecessor and shows 0. {@link #sample} runs on one thread (the admin timer); the rest may be
 * read from any thread.
 */
final class ChartHistory {
  /** Chart resolution. */
  static final Duration SAMPLE_PERIOD = Duration.ofSeconds(2);

  /** Chart length: 10 minutes of samples. */
  static final int HISTORY_SAMPLES = 300;

  /**
   * One tunnel's recent rates.
   *
   * @param bitsPerSecondIn tunnelled client-to-server bits per second
   * @param bitsPerSecondOut tunnelled server-to-client bits per second
   * @param requestsPerSecond HTTP requests per second
   */
  record TunnelRate(long bitsPerSecondIn, long bitsPerSecondOut, double requestsPerSecond) {}

  /**
   * The rates of the last sample interval.
   *
   * @param tunnels by tunnel id
   * @param bitsPerSecondIn the gateway's inbound bitrate
   * @param bitsPerSecondOut the gateway's outbound bitrate
   */
  record Rates(Map<String, TunnelRate> tunnels, long bitsPerSecondIn, long bitsPerSecondOut) {
    static final Rates NONE = new Rates(Map.of(), 0, 0);
  }

  /** The counters one sample saw, for the next one's differences. */
  private record Counts(Map<String, RtmptSessionInfo> tunnels, long bytesIn, long bytesOut) {}

  private final ArrayDeque<Sample> history = new ArrayDeque<>();
  private Counts last;
  private long lastNanos;
  private volatile Rates rates = Rates.NONE;

  /**
   * Takes one sample.
   *
   * @param nanos now on the monotonic clock ({@link System#nanoTime()})
   * @param millis now on the wall clock (epoch millis), the sample's time
   * @param tunnels the open tunnels
   * @param bytesIn the gateway's inbound byte total
   * @param bytesOut the gateway's outbound byte total
   * @param open open sessions by transport label ({@code rtmp}, {@code rtmps}, {@code rtmpt},
   *     {@code rtmpts})
   * @param streams live streams
   */
  Sample sample(
      long nanos,
      long millis,
      List<RtmptSessionInfo> tunnels,
      long bytesIn,
      long bytesOut,
      Map<String, Integer> open,
      int streams) {
    Map<String, RtmptSessionInfo> byId = new HashMap<>();
    Map<String, TunnelRate> tunnelRates = new HashMap<>();
    double seconds = last == null ? 0 : (nanos - lastNanos) / 1e9;
    for (RtmptSessionInfo t : tunnels) {
      byId.put(t.id(), t);
      RtmptSessionInfo before = last == null ? null : last.tunnels().get(t.id());
      if (before != null && seconds > 0) {
        tunnelRates.put(
            t.id(),
            new TunnelRate(
                bitsPerSecond(t.bytesIn() - before.bytesIn(), seconds),
                bitsPerSecond(t.bytesOut() - before.bytesOut(), seconds),
                (t.requests() - before.requests()) / seconds));
      }
    }
    long bitsIn = seconds > 0 ? bitsPerSecond(bytesIn - last.bytesIn(), seconds) : 0;
    long bitsOut = seconds > 0 ? bitsPerSecond(bytesOut - last.bytesOut(), seconds) : 0;
    last = new Counts(byId, bytesIn, bytesOut);
    lastNanos = nanos;
    rates = new Rates(Map.copyOf(tunnelRates), bitsIn, bitsOut);
    Sample sample =
        new Sample(
            millis,
            bitsIn,
            bitsOut,
            open.getOrDefault("rtmp", 0),
            open.getOrDefault("rtmps", 0),
            open.getOrDefault("rtmpt", 0),
            open.getOrDefault("rtmpts", 0),
            streams);
    synchronized (history) {
      if (history.size() == HISTORY_SAMPLES) {
        history.removeFirst();
      }
      history.addLast(sample);
    }
    return sample;
  }

  /** The rates of the last sample interval. */
  Rates rates() {
    return rates;
  }

  /** The samples, oldest first. */
  List<Sample> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  private static long bitsPerSecond(long bytes, double seconds) {
    return Math.round(bytes * 8 / seconds);
  }
}
