package io.rtmpt.engine.message;

/** Protocol control message 5: the receiver should acknowledge every {@code size} bytes. */
public record WindowAckSize(long size) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.WINDOW_ACK_SIZE;
  }
}
