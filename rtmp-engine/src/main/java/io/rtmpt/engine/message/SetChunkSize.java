package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Protocol control message 1: the sender's chunk size from now on (RTMP specification 1.0, section
 * 5.4.1). The chunk layer applies it; inbound values are validated in exactly one place, {@code
 * ChunkDecoder} (31 bits, at least 1: 1..0x7FFFFFFF), before this record is ever decoded, so {@link
 * #decode} only reads the field.
 *
 * @param chunkSize new chunk size in bytes
 */
public record SetChunkSize(int chunkSize) implements RtmpMessage {
  static SetChunkSize decode(byte[] body) throws RtmpProtocolException {
    return new SetChunkSize((int) MessageBodies.u32(body, 0, MessageType.SET_CHUNK_SIZE));
  }

  @Override
  public byte[] encode() {
    return MessageBodies.u32(chunkSize);
  }

  @Override
  public MessageType type() {
    return MessageType.SET_CHUNK_SIZE;
  }
}
