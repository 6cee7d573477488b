package io.rtmpt.engine;

import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.live.StreamRegistry;
import io.rtmpt.engine.record.RecordingConfig;
import io.rtmpt.engine.session.SessionConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Limits and protocol settings of one engine, each with a named default. Build with {@link
 * #builder()}; every value is checked when built.
 *
 * @param maxMessageSize largest RTMP message accepted from a peer, in bytes
 * @param maxChunkSize largest Set Chunk Size accepted from a peer, in bytes
 * @param maxChunkStreams distinct chunk stream ids a peer may use on one connection
 * @param maxConnections connections the engine serves at once, all transports together
 * @param outChunkSize chunk size this server announces and sends with, 128..16777215 bytes
 * @param windowAckSize acknowledgement window announced to clients, in bytes
 * @param peerBandwidth Set Peer Bandwidth value announced to clients, in bytes
 * @param maxPlayerQueueBytes media payload bytes queued for one player before frames are dropped
 *     for it
 * @param maxGopBytes bound of the late-joiner cache per stream, in payload bytes (0 or more)
 * @param maxStreamsPerConnection NetStreams (createStream) one connection may hold
 * @param handshakeTimeout time a new connection has to complete the handshake and connect (TCP)
 * @param idleTimeout time without any byte from a client before its connection is closed (TCP)
 * @param vodDirectories applications whose plays are of files, each with its media directory
 *     (empty: every application is live)
 * @param recording where and what to record ({@link RecordingConfig#OFF} by default)
 */
public record EngineConfig(
    int maxMessageSize,
    int maxChunkSize,
    int maxChunkStreams,
    int maxConnections,
    int outChunkSize,
    long windowAckSize,
    long peerBandwidth,
    int maxPlayerQueueBytes,
    int maxGopBytes,
    int maxStreamsPerConnection,
    Duration handshakeTimeout,
    Duration idleTimeout,
    Map<String, Path> vodDirectories,
    RecordingConfig recording) {

  /** Connections served at once by default. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;

  /** Large outgoing chunks keep header overhead low; every client handles any size. */
  public static final int DEFAULT_OUT_CHUNK_SIZE = 60_000;

  /** Acknowledgement window announced by default, in bytes. */
  public static final long DEFAULT_WINDOW_ACK_SIZE = 2_500_000;

  /** Peer bandwidth announced by default, in bytes. */
  public static final long DEFAULT_PEER_BANDWIDTH = 2_500_000;

  /** About 4 s of a 8 Mbit/s stream. */
  public static final int DEFAULT_MAX_PLAYER_QUEUE_BYTES = 4 * 1024 * 1024;

  /** NetStreams per connection by default; clients use one or two. */
  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 8;

  /** Time to finish the handshake and connect by default. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Time without a byte before a TCP connection is closed, by default. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public EngineConfig {
    positive("maxMessageSize", maxMessageSize);
    positive("maxChunkSize", maxChunkSize);
    positive("maxChunkStreams", maxChunkStreams);
    positive("maxConnections", maxConnections);
    if (outChunkSize < 128 || outChunkSize > 0xFFFFFF) {
      throw new IllegalArgumentException(
          "outChunkSize must be within 128..16777215: " + outChunkSize);
    }
    positive("windowAckSize", windowAckSize);
    positive("peerBandwidth", peerBandwidth);
    positive("maxPlayerQueueBytes", maxPlayerQueueBytes);
    if (maxGopBytes < 0) {
      throw new IllegalArgumentException("maxGopBytes must not be negative: " + maxGopBytes);
    }
    positive("maxStreamsPerConnection", maxStreamsPerConnection);
    positive("handshakeTimeout", handshakeTimeout.toMillis());
    positive("idleTimeout", idleTimeout.toMillis());
    vodDirectories = Map.copyOf(vodDirectories);
    Objects.requireNonNull(recording, "recording");
  }

  /** Every value at its default. */
  public static EngineConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** What the chunk decoder of each connection accepts. */
  public ChunkLimits chunkLimits() {
    return new ChunkLimits(maxMessageSize, maxChunkSize, maxChunkStreams);
  }

  /** What each session is configured with. */
  public SessionConfig session() {
    return new SessionConfig(
        chunkLimits(),
        outChunkSize,
        windowAckSize,
        peerBandwidth,
        maxPlayerQueueBytes,
        maxStreamsPerConnection);
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxMessageSize = maxMessageSize;
    b.maxChunkSize = maxChunkSize;
    b.maxChunkStreams = maxChunkStreams;
    b.maxConnections = maxConnections;
    b.outChunkSize = outChunkSize;
    b.windowAckSize = windowAckSize;
    b.peerBandwidth = peerBandwidth;
    b.maxPlayerQueueBytes = maxPlayerQueueBytes;
    b.maxGopBytes = maxGopBytes;
    b.maxStreamsPerConnection = maxStreamsPerConnection;
    b.handshakeTimeout = handshakeTimeout;
    b.idleTimeout = idleTimeout;
    b.vodDirectories = vodDirectories;
    b.recording = recording;
    return b;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /**
   * Mutable builder; starts from the defaults. Setters only record the value; {@link #build} checks
   * them all and throws {@link IllegalArgumentException} naming the first bad one.
   */
  public static final class Builder {
    private int maxMessageSize = ChunkLimits.DEFAULT_MAX_MESSAGE_SIZE;
    private int maxChunkSize = ChunkLimits.DEFAULT_MAX_CHUNK_SIZE;
    private int maxChunkStreams = ChunkLimits.DEFAULT_MAX_CHUNK_STREAMS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int outChunkSize = DEFAULT_OUT_CHUNK_SIZE;
    private long windowAckSize = DEFAULT_WINDOW_ACK_SIZE;
    private long peerBandwidth = DEFAULT_PEER_BANDWIDTH;
    private int maxPlayerQueueBytes = DEFAULT_MAX_PLAYER_QUEUE_BYTES;
    private int maxGopBytes = StreamRegistry.DEFAULT_MAX_GOP_BYTES;
    private int maxStreamsPerConnection = DEFAULT_MAX_STREAMS_PER_CONNECTION;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Map<String, Path> vodDirectories = Map.of();
    private RecordingConfig recording = RecordingConfig.OFF;

    private Builder() {}

    /** Largest RTMP message accepted from a peer, in bytes (default 8 MiB). */
    public Builder maxMessageSize(int maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /** Largest Set Chunk Size accepted from a peer, in bytes (default 16 MiB). */
    public Builder maxChunkSize(int maxChunkSize) {
      this.maxChunkSize = maxChunkSize;
      return this;
    }

    /** Distinct chunk stream ids a peer may use on one connection (default 64). */
    public Builder maxChunkStreams(int maxChunkStreams) {
      this.maxChunkStreams = maxChunkStreams;
      return this;
    }

    /** Connections served at once, all transports together (default 1000). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** Chunk size this server sends with, 128..16777215 bytes (default 60000). */
    public Builder outChunkSize(int outChunkSize) {
      this.outChunkSize = outChunkSize;
      return this;
    }

    /** Acknowledgement window announced to clients, in bytes (default 2500000). */
    public Builder windowAckSize(long windowAckSize) {
      this.windowAckSize = windowAckSize;
      return this;
    }

    /** Set Peer Bandwidth value announced to clients, in bytes (default 2500000). */
    public Builder peerBandwidth(long peerBandwidth) {
      this.peerBandwidth = peerBandwidth;
      return this;
    }

    /** Media payload bytes queued per player before frames are dropped (default 4 MiB). */
    public Builder maxPlayerQueueBytes(int maxPlayerQueueBytes) {
      this.maxPlayerQueueBytes = maxPlayerQueueBytes;
      return this;
    }

    /** Late-joiner cache bound per stream, in payload bytes, 0 or more (default 16 MiB). */
    public Builder maxGopBytes(int maxGopBytes) {
      this.maxGopBytes = maxGopBytes;
      return this;
    }

    /** NetStreams one connection may hold (default 8). */
    public Builder maxStreamsPerConnection(int maxStreamsPerConnection) {
      this.maxStreamsPerConnection = maxStreamsPerConnection;
      return this;
    }

    /** Time a new TCP connection has to finish the handshake and connect (default 10 s). */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /** Time without a byte from a TCP client before it is closed (default 60 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Applications whose plays are of files, each with its directory (default none). */
    public Builder vodDirectories(Map<String, Path> vodDirectories) {
      this.vodDirectories = vodDirectories;
      return this;
    }

    /** Where and what to record (default {@link RecordingConfig#OFF}). */
    public Builder recording(RecordingConfig recording) {
      this.recording = recording;
      return this;
    }

    /** The configuration; throws {@link IllegalArgumentException} for a value out of range. */
    public EngineConfig build() {
      return new EngineConfig(
          maxMessageSize,
          maxChunkSize,
          maxChunkStreams,
          maxConnections,
          outChunkSize,
          windowAckSize,
          peerBandwidth,
          maxPlayerQueueBytes,
          maxGopBytes,
          maxStreamsPerConnection,
          handshakeTimeout,
          idleTimeout,
          vodDirectories,
          recording);
    }
  }
}
