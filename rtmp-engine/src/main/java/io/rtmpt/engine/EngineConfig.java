package io.rtmpt.engine;

import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.live.StreamRegistry;
import java.time.Duration;

/**
 * Limits and protocol settings of one engine, each with a named default. Build with {@link
 * #builder()}; every value is checked when built.
 *
 * @param maxMessageSize largest RTMP message accepted from a peer, in bytes
 * @param maxChunkSize largest Set Chunk Size accepted from a peer
 * @param maxChunkStreams distinct chunk stream ids a peer may use on one connection
 * @param maxConnections connections the engine serves at once, all transports together
 * @param outChunkSize chunk size this server announces and sends with
 * @param windowAckSize acknowledgement window announced to clients
 * @param peerBandwidth Set Peer Bandwidth value announced to clients
 * @param maxPlayerQueueBytes media bytes queued for one player before frames are dropped for it
 * @param maxGopBytes bound of the late-joiner cache per stream
 * @param maxStreamsPerConnection NetStreams (createStream) one connection may hold
 * @param handshakeTimeout time a new connection has to complete the handshake and connect
 * @param idleTimeout time without any byte from a client before its connection is closed
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
    Duration idleTimeout) {

  public static final int DEFAULT_MAX_CONNECTIONS = 1000;

  /** Large outgoing chunks keep header overhead low; every client handles any size. */
  public static final int DEFAULT_OUT_CHUNK_SIZE = 60_000;

  public static final long DEFAULT_WINDOW_ACK_SIZE = 2_500_000;
  public static final long DEFAULT_PEER_BANDWIDTH = 2_500_000;

  /** About 4 s of a 8 Mbit/s stream. */
  public static final int DEFAULT_MAX_PLAYER_QUEUE_BYTES = 4 * 1024 * 1024;

  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 8;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
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
  }

  public static EngineConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ChunkLimits chunkLimits() {
    return new ChunkLimits(maxMessageSize, maxChunkSize, maxChunkStreams);
  }

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
    return b;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Mutable builder; starts from the defaults. */
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

    private Builder() {}

    public Builder maxMessageSize(int v) {
      maxMessageSize = v;
      return this;
    }

    public Builder maxChunkSize(int v) {
      maxChunkSize = v;
      return this;
    }

    public Builder maxChunkStreams(int v) {
      maxChunkStreams = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder outChunkSize(int v) {
      outChunkSize = v;
      return this;
    }

    public Builder windowAckSize(long v) {
      windowAckSize = v;
      return this;
    }

    public Builder peerBandwidth(long v) {
      peerBandwidth = v;
      return this;
    }

    public Builder maxPlayerQueueBytes(int v) {
      maxPlayerQueueBytes = v;
      return this;
    }

    public Builder maxGopBytes(int v) {
      maxGopBytes = v;
      return this;
    }

    public Builder maxStreamsPerConnection(int v) {
      maxStreamsPerConnection = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

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
          idleTimeout);
    }
  }
}
