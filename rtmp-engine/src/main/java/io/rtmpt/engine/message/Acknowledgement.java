package io.rtmpt.engine.message;

/** Protocol control message 3: the number of bytes received so far (unsigned 32 bits, wraps). */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.ACKNOWLEDGEMENT;
  }
}
