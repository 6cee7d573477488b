package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.handshake.HandshakePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What one session needs of the engine's configuration (built by {@code EngineConfig.session()},
 * the way {@code EngineConfig.chunkLimits()} serves the chunk decoder). The engine's builder
 * validates every value; the engine's {@code EngineConfig} documents each and its default.
 *
 * @param chunkLimits what the chunk decoder accepts from the client
 * @param outChunkSize chunk size the session announces at connect and sends with, in bytes
 * @param windowAckSize acknowledgement window announced at connect, in bytes
 * @param peerBandwidth Set Peer Bandwidth value announced at connect, in bytes
 * @param maxPlayerQueueBytes media payload bytes queued for one player before its frames are
 *     dropped (essential frames are dropped never; at twice this the player is disconnected)
 * @param maxStreamsPerConnection NetStreams (createStream) one connection may hold
 * @param handshakeTimeout time from opening to an accepted connect
 * @param pingInterval quiet time (no byte either way) after which a connected peer is pinged
 * @param pingTimeout time a pinged peer has to send any byte before the session closes
 * @param playWait how long a player waits for a publisher; zero waits forever
 * @param publishNotify whether players are told PublishNotify and UnpublishNotify (with Stream EOF)
 * @param publishTakeoverQuiet how long a publisher must have sent no frame before another session
 *     may take its name over; null when takeover is off
 * @param handshakePolicy the handshake types (C0) a session accepts
 */
public record SessionConfig(
    ChunkLimits chunkLimits,
    int outChunkSize,
    long windowAckSize,
    long peerBandwidth,
    int maxPlayerQueueBytes,
    int maxStreamsPerConnection,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    Duration playWait,
    boolean publishNotify,
    Duration publishTakeoverQuiet,
    HandshakePolicy handshakePolicy) {
  public SessionConfig {
    Objects.requireNonNull(chunkLimits, "chunkLimits");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(pingTimeout, "pingTimeout");
    Objects.requireNonNull(playWait, "playWait");
    Objects.requireNonNull(handshakePolicy, "handshakePolicy");
  }
}
