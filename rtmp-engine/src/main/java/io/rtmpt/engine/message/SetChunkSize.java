package io.rtmpt.engine.message;

/** Protocol control message 1: the sender's chunk size from now on (31 bits, at least 1). */
public record SetChunkSize(int chunkSize) implements RtmpMessage {
  public SetChunkSize {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.SET_CHUNK_SIZE;
  }
}
