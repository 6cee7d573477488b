package io.rtmpt.engine.message;

/** Message 8: one audio frame (FLV AUDIODATA body). The payload is shared, never modified. */
public record AudioData(byte[] payload) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.AUDIO;
  }
}
