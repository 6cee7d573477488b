package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.handshake.HandshakePolicy;
import java.util.Objects;

/**
 * What one session needs of the engine's configuration (built by {@code EngineConfig.session()},
 * the way {@code EngineConfig.chunkLimits()} serves the chunk decoder). The engine's builder
 * validates every value.
 *
 * @param chunkLimits what the chunk decoder accepts from the client
 * @param outChunkSize chunk size the session announces at connect and sends with, in bytes
 * @param windowAckSize acknowledgement window announced at connect, in bytes
 * @param peerBandwidth Set Peer Bandwidth value announced at connect, in bytes
 * @param maxPlayerQueueBytes media payload bytes queued for one player before its frames are
 *     dropped (essential frames are dropped never; at twice this the player is disconnected)
 * @param maxStreamsPerConnection NetStreams (createStream) one connection may hold
 * @param handshakePolicy the handshake types (C0) a session accepts
 */
public record SessionConfig(
    ChunkLimits chunkLimits,
    int outChunkSize,
    long windowAckSize,
    long peerBandwidth,
    int maxPlayerQueueBytes,
    int maxStreamsPerConnection,
    HandshakePolicy handshakePolicy) {
  public SessionConfig {
    Objects.requireNonNull(chunkLimits, "chunkLimits");
    Objects.requireNonNull(handshakePolicy, "handshakePolicy");
  }
}
