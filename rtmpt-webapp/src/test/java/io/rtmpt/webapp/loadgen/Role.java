package io.rtmpt.webapp.loadgen;

import java.util.Objects;

/**
 * What a generated client does once connected to the RTMP application {@code app}: nothing (an idle
 * connection that keeps its tunnel open), publish a stream from a {@link MediaSource}, or play a
 * stream into {@link PlayerStats}.
 */
public sealed interface Role {
  String app();

  /** Connects and then only keeps the connection (or tunnel) alive. */
  record Idle(String app) implements Role {
    public Idle {
      Objects.requireNonNull(app, "app");
    }
  }

  /** Publishes {@code stream} live with the frames of {@code source}. */
  record Publish(String app, String stream, MediaSource source) implements Role {
    public Publish {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Plays {@code stream}, counting what arrives in {@code stats}. */
  record Play(String app, String stream, PlayerStats stats) implements Role {
    public Play {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(stats, "stats");
    }
  }
}
