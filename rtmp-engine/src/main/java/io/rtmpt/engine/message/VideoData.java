package io.rtmpt.engine.message;

/** Message 9: one video frame (FLV VIDEODATA body). The payload is shared, never modified. */
public record VideoData(byte[] payload) implements RtmpMessage {
  @Override
  public MessageType type() {
    return MessageType.VIDEO;
  }
}
