package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Protocol control message 5: the receiver should acknowledge every {@code size} bytes.
 *
 * @param size window in bytes, unsigned 32 bits in a long
 */
public record WindowAckSize(long size) implements RtmpMessage {
  static WindowAckSize decode(byte[] body) throws RtmpProtocolException {
    return new WindowAckSize(MessageBodies.u32(body, 0, MessageType.WINDOW_ACK_SIZE));
  }

  @Override
  public byte[] encode() {
    return MessageBodies.u32(size);
  }

  @Override
  public MessageType type() {
    return MessageType.WINDOW_ACK_SIZE;
  }
}
