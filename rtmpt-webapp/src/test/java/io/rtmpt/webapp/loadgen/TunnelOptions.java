package io.rtmpt.webapp.loadgen;

import java.time.Duration;
import java.util.Objects;

/**
 * How one RTMPT client behaves: its {@link ClientKind}, and two overrides the benchmarks need.
 *
 * @param kind request timing, framing and headers
 * @param idleInterval when non-null, an {@code /idle} starts this long after the previous one
 *     started, whatever the kind's own pause (B3: idle tunnels polling once a second)
 * @param flushBytes when positive, a publisher posts once this many bytes are queued instead of
 *     every {@link ClientKind#flushEveryMediaPackets()} packets (B1: 64 KB posts)
 */
public record TunnelOptions(ClientKind kind, Duration idleInterval, int flushBytes) {
  public TunnelOptions {
    Objects.requireNonNull(kind, "kind");
    if (flushBytes < 0) {
      throw new IllegalArgumentException("flushBytes " + flushBytes + " is negative");
    }
  }

  /** The kind's own behaviour. */
  public static TunnelOptions of(ClientKind kind) {
    return new TunnelOptions(kind, null, 0);
  }

  /** An {@code /idle} every {@code interval} (measured from the start of the previous one). */
  public TunnelOptions pollingEvery(Duration interval) {
    return new TunnelOptions(kind, interval, flushBytes);
  }

  /** A publisher's posts of {@code bytes} each. */
  public TunnelOptions postingBytes(int bytes) {
    return new TunnelOptions(kind, idleInterval, bytes);
  }
}
