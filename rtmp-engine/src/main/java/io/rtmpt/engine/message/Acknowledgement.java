package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Protocol control message 3: the number of bytes received so far.
 *
 * @param sequenceNumber bytes received, unsigned 32 bits (wraps) in a long
 */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
  static Acknowledgement decode(byte[] body) throws RtmpProtocolException {
    return new Acknowledgement(MessageBodies.u32(body, 0, MessageType.ACKNOWLEDGEMENT));
  }

  @Override
  public byte[] encode() {
    return MessageBodies.u32(sequenceNumber);
  }

  @Override
  public MessageType type() {
    return MessageType.ACKNOWLEDGEMENT;
  }
}
