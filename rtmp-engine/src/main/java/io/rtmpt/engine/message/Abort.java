package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Protocol control message 2: discard the partly received message on a chunk stream (applied by the
 * chunk decoder).
 *
 * @param chunkStreamId the chunk stream whose partial message is dropped (u32 on the wire)
 */
public record Abort(int chunkStreamId) implements RtmpMessage {
  static Abort decode(byte[] body) throws RtmpProtocolException {
    return new Abort((int) MessageBodies.u32(body, 0, MessageType.ABORT));
  }

  @Override
  public byte[] encode() {
    return MessageBodies.u32(chunkStreamId);
  }

  @Override
  public MessageType type() {
    return MessageType.ABORT;
  }
}
