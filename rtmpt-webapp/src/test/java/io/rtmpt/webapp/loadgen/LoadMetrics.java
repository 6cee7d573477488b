package io.rtmpt.webapp.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What every client of one {@link LoadGenerator} counts: HTTP requests and replies, tunnelled
 * bytes, errors by kind (with the first messages kept for the report) and message latency per group
 * of players, as HdrHistograms in microseconds.
 *
 * <p>Thread-safe: clients on every event loop write, the benchmark thread reads. Counters are
 * totals; rates are differences between two reads.
 */
public final class LoadMetrics {
  /** Error messages kept for reports. */
  private static final int MAX_SAMPLES = 12;

  private final LongAdder requests = new LongAdder();
  private final LongAdder replies = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sampleCount = new AtomicInteger();
  private final Map<String, Recorder> latency = new ConcurrentHashMap<>();

  void request() {
    requests.increment();
  }

  void reply() {
    replies.increment();
  }

  void sent(int bytes) {
    bytesSent.add(bytes);
  }

  void received(int bytes) {
    bytesReceived.add(bytes);
  }

  /** Counts an error of {@code kind} ("http 404", "closed by server"...); keeps a few messages. */
  public void error(String kind, String message) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (sampleCount.incrementAndGet() <= MAX_SAMPLES) {
      samples.add(kind + ": " + message);
    }
  }

  /** The latency recorder of a group of players (created on first use). */
  public Recorder latency(String group) {
    return latency.computeIfAbsent(group, g -> new Recorder(3)); // auto-resizing, 3 digits
  }

  /**
   * The latencies recorded for {@code group} since the last call (or since creation), in
   * microseconds; an empty histogram for an unknown group.
   */
  public Histogram takeLatency(String group) {
    return latency(group).getIntervalHistogram();
  }

  /** HTTP requests sent so far (tunnels only). */
  public long requests() {
    return requests.sum();
  }

  /** HTTP replies received so far. */
  public long replies() {
    return replies.sum();
  }

  /** Tunnelled or TCP bytes written so far (RTMP bytes, without HTTP framing). */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** RTMP bytes received so far (without HTTP framing and polling bytes). */
  public long bytesReceived() {
    return bytesReceived.sum();
  }

  /** Errors so far. */
  public long errorCount() {
    long n = 0;
    for (LongAdder a : errors.values()) {
      n += a.sum();
    }
    return n;
  }

  /** Errors so far by kind, sorted. */
  public Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The first error messages. */
  public List<String> errorSamples() {
    return new ArrayList<>(samples);
  }
}
