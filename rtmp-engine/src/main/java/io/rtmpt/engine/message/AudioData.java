package io.rtmpt.engine.message;

/**
 * Message 8: one audio frame (FLV AUDIODATA body). The payload is shared, never modified. The
 * session turns inbound audio straight into a live frame without this record; it serves clients
 * that send and tests.
 *
 * @param payload the FLV AUDIODATA body
 */
public record AudioData(byte[] payload) implements RtmpMessage {
  @Override
  public byte[] encode() {
    return payload;
  }

  @Override
  public MessageType type() {
    return MessageType.AUDIO;
  }
}
