package io.rtmpt.engine.message;

/**
 * Message 9: one video frame (FLV VIDEODATA body). The payload is shared, never modified. The
 * session turns inbound video straight into a live frame without this record; it serves clients
 * that send and tests.
 *
 * @param payload the FLV VIDEODATA body
 */
public record VideoData(byte[] payload) implements RtmpMessage {
  @Override
  public byte[] encode() {
    return payload;
  }

  @Override
  public MessageType type() {
    return MessageType.VIDEO;
  }
}
