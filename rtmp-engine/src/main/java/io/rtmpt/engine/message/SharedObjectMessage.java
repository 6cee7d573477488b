package io.rtmpt.engine.message;

/** Messages 16 and 19: remote shared objects. Kept opaque: this server does not host them. */
public record SharedObjectMessage(byte[] payload, boolean amf3) implements RtmpMessage {
  @Override
  public MessageType type() {
    return amf3 ? MessageType.SHARED_OBJECT_AMF3 : MessageType.SHARED_OBJECT_AMF0;
  }
}
