package io.rtmpt.engine.message;

/** Protocol control message 2: discard the partly received message on a chunk stream. */
public record Abort(int chunkStreamId) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.ABORT;
  }
}
