package io.rtmpt.engine.message;

/**
 * Message 22: several FLV tags in one message; {@link MessageCodec#splitAggregate} turns it into
 * the messages it carries.
 */
public record AggregateMessage(byte[] payload) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.AGGREGATE;
  }
}
