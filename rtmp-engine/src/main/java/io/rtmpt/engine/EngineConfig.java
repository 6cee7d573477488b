package io.rtmpt.engine;

import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.handshake.HandshakePolicy;
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
 * @param maxChunkStreams distinct chunk stream ids a peer may use on one connection
 * @param maxPartialBytes bytes the partly received messages of one connection may hold together, at
 *     least {@code maxMessageSize}
 * @param maxConnections connections the engine serves at once, all transports together
 * @param outChunkSize chunk size this server announces and sends with, 128..16777215 bytes
 * @param windowAckSize acknowledgement window announced to clients, in bytes
 * @param peerBandwidth Set Peer Bandwidth value announced to clients, in bytes
 * @param maxPlayerQueueBytes media payload bytes queued for one player before frames are dropped
 *     for it
 * @param maxGopBytes bound of the late-joiner cache per stream, in payload bytes (0 or more)
 * @param maxStreamsPerConnection NetStreams (createStream) one connection may hold
 * @param handshakeTimeout time a new connection has to complete the handshake and connect
 * @param pingInterval time without a byte in either direction after which a connected peer is sent
 *     a User Control Ping Request (nginx-rtmp's {@code ping})
 * @param pingTimeout time a pinged peer has to send any byte (the Ping Response or anything else)
 *     before its connection is closed (nginx-rtmp's {@code ping_timeout})
 * @param playWait how long a player waits for a publisher before it is told {@code
 *     NetStream.Play.StreamNotFound} and its play ends; {@link Duration#ZERO} waits forever
 * @param publishNotify true to tell players {@code NetStream.Play.PublishNotify} and {@code
 *     UnpublishNotify} (with Stream EOF) when a publisher comes and goes, as Flash Media Server
 *     does (nginx-rtmp's {@code publish_notify})
 * @param publishTakeover true to let a new publisher take a name over from a publisher that sent no
 *     frame for {@code publishTakeoverQuiet}; false refuses it while the old one is connected
 * @param publishTakeoverQuiet how long the current publisher must have sent no frame for a new one
 *     to take the name over; the new one's request waits for that at most
 * @param vodDirectories applications whose plays are of files, each with its media directory
 *     (empty: every application is live)
 * @param recording where and what to record ({@link RecordingConfig#OFF} by default)
 * @param handshakePolicy the handshake types (plain RTMP, RTMPE and its signature variants) the
 *     sessions of every transport accept; a client asking for another one is disconnected with a
 *     one-line reason
 */
public record EngineConfig(
    int maxMessageSize,
    int maxChunkStreams,
    long maxPartialBytes,
    int maxConnections,
    int outChunkSize,
    long windowAckSize,
    long peerBandwidth,
    int maxPlayerQueueBytes,
    int maxGopBytes,
    int maxStreamsPerConnection,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    Duration playWait,
    boolean publishNotify,
    boolean publishTakeover,
    Duration publishTakeoverQuiet,
    Map<String, Path> vodDirectories,
    RecordingConfig recording,
    HandshakePolicy handshakePolicy) {

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

  /**
   * 20 s: a connection quiet in both directions for 20 s is pinged (18 bytes). Below 30 s because
   * librtmp (rtmpdump, and the players built on it) gives a live stream up after 30 s without a
   * byte (its default receive timeout, measured: "RTMP_ReadPacket, failed to read RTMP packet
   * header" at 30.0 s against a server that says nothing), so a player waiting for its publisher
   * must hear something sooner; nginx-rtmp's default of 60 s does not keep it. Players of a stream
   * are never pinged (media flows to them), nor are publishers (media flows from them).
   */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);

  /**
   * 30 s, nginx-rtmp's default {@code ping_timeout}: ffmpeg, librtmp and Flash Player answer a ping
   * at once, so 30 s is round trips to spare even over a congested RTMPT tunnel; a vanished peer is
   * closed at most 50 s after it went quiet.
   */
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Forever (0), as Flash Media Server and nginx-rtmp ({@code idle_streams on}) do: a player may be
   * started before its publisher, or stay through an encoder's restart, and costs a few KB while it
   * waits; pings close it if it goes away.
   */
  public static final Duration DEFAULT_PLAY_WAIT = Duration.ZERO;

  /**
   * Off, as nginx-rtmp's {@code publish_notify}: ffmpeg and librtmp players (rtmpdump, GStreamer's
   * rtmpsrc, VLC) end on {@code NetStream.Play.UnpublishNotify}, and GStreamer's rtmp2src on Stream
   * EOF, so with it on a player would not survive an encoder's reconnect.
   */
  public static final boolean DEFAULT_PUBLISH_NOTIFY = false;

  /** On: an encoder that reconnects must not be refused because its old connection lingers. */
  public static final boolean DEFAULT_PUBLISH_TAKEOVER = true;

  /**
   * 2 s. A competing publish waits (unanswered) until the current publisher sends a frame, which
   * refuses it, or has sent none for this long, which hands the name over. A healthy publisher
   * sends frames far more often: every 20-40 ms over RTMP; ffmpeg over RTMPT one request per 10
   * frames, every 150 ms at 25 fps with audio, 400 ms for 25 fps video alone. A killed ffmpeg over
   * RTMPT that is started again at once asks to publish 0.3 s after its predecessor's last frame
   * (measured), so it waits about 1.7 s and publishes.
   */
  public static final Duration DEFAULT_PUBLISH_TAKEOVER_QUIET = Duration.ofSeconds(2);

  public EngineConfig {
    positive("maxMessageSize", maxMessageSize);
    positive("maxChunkStreams", maxChunkStreams);
    if (maxPartialBytes < maxMessageSize) {
      throw new IllegalArgumentException(
          "maxPartialBytes must be at least maxMessageSize ("
              + maxMessageSize
              + "): "
              + maxPartialBytes);
    }
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
    positive("pingInterval", pingInterval.toMillis());
    positive("pingTimeout", pingTimeout.toMillis());
    if (playWait.isNegative()) {
      throw new IllegalArgumentException("playWait must not be negative: " + playWait.toMillis());
    }
    if (publishTakeoverQuiet.isNegative()) {
      throw new IllegalArgumentException(
          "publishTakeoverQuiet must not be negative: " + publishTakeoverQuiet.toMillis());
    }
    vodDirectories = Map.copyOf(vodDirectories);
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(handshakePolicy, "handshakePolicy");
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
    return new ChunkLimits(maxMessageSize, maxChunkStreams, maxPartialBytes);
  }

  /** What each session is configured with. */
  public SessionConfig session() {
    return new SessionConfig(
        chunkLimits(),
        outChunkSize,
        windowAckSize,
        peerBandwidth,
        maxPlayerQueueBytes,
        maxStreamsPerConnection,
        handshakeTimeout,
        pingInterval,
        pingTimeout,
        playWait,
        publishNotify,
        publishTakeover ? publishTakeoverQuiet : null,
        handshakePolicy);
  }

  /**
   * How often each session's timers are checked ({@code ServerSession.tick}): a quarter of the
   * shortest of the handshake timeout, ping interval, ping timeout, play wait and takeover quiet
   * time, between 10 ms and 1 s. A timer fires at most this late.
   */
  public Duration tickInterval() {
    long shortest =
        Math.min(
            handshakeTimeout.toMillis(), Math.min(pingInterval.toMillis(), pingTimeout.toMillis()));
    if (publishTakeover) {
      shortest = Math.min(shortest, publishTakeoverQuiet.toMillis());
    }
    if (!playWait.isZero()) {
      shortest = Math.min(shortest, playWait.toMillis());
    }
    return Duration.ofMillis(Math.max(10, Math.min(1000, shortest / 4)));
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxMessageSize = maxMessageSize;
    b.maxChunkStreams = maxChunkStreams;
    b.maxPartialBytes = maxPartialBytes;
    b.maxConnections = maxConnections;
    b.outChunkSize = outChunkSize;
    b.windowAckSize = windowAckSize;
    b.peerBandwidth = peerBandwidth;
    b.maxPlayerQueueBytes = maxPlayerQueueBytes;
    b.maxGopBytes = maxGopBytes;
    b.maxStreamsPerConnection = maxStreamsPerConnection;
    b.handshakeTimeout = handshakeTimeout;
    b.pingInterval = pingInterval;
    b.pingTimeout = pingTimeout;
    b.playWait = playWait;
    b.publishNotify = publishNotify;
    b.publishTakeover = publishTakeover;
    b.publishTakeoverQuiet = publishTakeoverQuiet;
    b.vodDirectories = vodDirectories;
    b.recording = recording;
    b.handshakePolicy = handshakePolicy;
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
    private int maxChunkStreams = ChunkLimits.DEFAULT_MAX_CHUNK_STREAMS;
    private Long maxPartialBytes; // null: twice maxMessageSize
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int outChunkSize = DEFAULT_OUT_CHUNK_SIZE;
    private long windowAckSize = DEFAULT_WINDOW_ACK_SIZE;
    private long peerBandwidth = DEFAULT_PEER_BANDWIDTH;
    private int maxPlayerQueueBytes = DEFAULT_MAX_PLAYER_QUEUE_BYTES;
    private int maxGopBytes = StreamRegistry.DEFAULT_MAX_GOP_BYTES;
    private int maxStreamsPerConnection = DEFAULT_MAX_STREAMS_PER_CONNECTION;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private Duration playWait = DEFAULT_PLAY_WAIT;
    private boolean publishNotify = DEFAULT_PUBLISH_NOTIFY;
    private boolean publishTakeover = DEFAULT_PUBLISH_TAKEOVER;
    private Duration publishTakeoverQuiet = DEFAULT_PUBLISH_TAKEOVER_QUIET;
    private Map<String, Path> vodDirectories = Map.of();
    private RecordingConfig recording = RecordingConfig.OFF;
    private HandshakePolicy handshakePolicy = HandshakePolicy.all();

    private Builder() {}

    /** Largest RTMP message accepted from a peer, in bytes (default 8 MiB). */
    public Builder maxMessageSize(int maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /**
     * Bytes the partly received messages of one connection may hold together, at least the largest
     * message (default twice the largest message: 16 MiB with its default).
     */
    public Builder maxPartialBytes(long maxPartialBytes) {
      this.maxPartialBytes = maxPartialBytes;
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

    /** Time a new connection has to finish the handshake and connect (default 10 s). */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /** Quiet time (no byte either way) after which a peer is pinged (default 20 s). */
    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    /** Time a pinged peer has to send any byte before it is closed (default 30 s). */
    public Builder pingTimeout(Duration pingTimeout) {
      this.pingTimeout = pingTimeout;
      return this;
    }

    /** How long a player waits for a publisher; zero waits forever (the default). */
    public Builder playWait(Duration playWait) {
      this.playWait = playWait;
      return this;
    }

    /** Whether players are told PublishNotify and UnpublishNotify (default false). */
    public Builder publishNotify(boolean publishNotify) {
      this.publishNotify = publishNotify;
      return this;
    }

    /** Whether a new publisher may take over from a quiet one (default true). */
    public Builder publishTakeover(boolean publishTakeover) {
      this.publishTakeover = publishTakeover;
      return this;
    }

    /** How long a publisher must have sent no frame to be taken over (default 2 s). */
    public Builder publishTakeoverQuiet(Duration publishTakeoverQuiet) {
      this.publishTakeoverQuiet = publishTakeoverQuiet;
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

    /**
     * The handshake types accepted (default {@link HandshakePolicy#all()}: plain RTMP and RTMPE
     * with every signature encryption); {@link HandshakePolicy#plainOnly()} refuses RC4.
     */
    public Builder handshakePolicy(HandshakePolicy handshakePolicy) {
      this.handshakePolicy = handshakePolicy;
      return this;
    }

    /** The configuration; throws {@link IllegalArgumentException} for a value out of range. */
    public EngineConfig build() {
      return new EngineConfig(
          maxMessageSize,
          maxChunkStreams,
          maxPartialBytes != null ? maxPartialBytes : 2L * maxMessageSize,
          maxConnections,
          outChunkSize,
          windowAckSize,
          peerBandwidth,
          maxPlayerQueueBytes,
          maxGopBytes,
          maxStreamsPerConnection,
          handshakeTimeout,
          pingInterval,
          pingTimeout,
          playWait,
          publishNotify,
          publishTakeover,
          publishTakeoverQuiet,
          vodDirectories,
          recording,
          handshakePolicy);
    }
  }
}
