package io.rtmpt.engine.message;

/**
 * Messages 19 (AMF0) and 16 (AMF3): remote shared objects. Kept opaque: this server does not host
 * them.
 *
 * @param payload the message body as received
 * @param amf3 true for type 16
 */
public record SharedObjectMessage(byte[] payload, boolean amf3) implements RtmpMessage {
  @Override
  public byte[] encode() {
    return payload;
  }

  @Override
  public MessageType type() {
    return amf3 ? MessageType.SHARED_OBJECT_AMF3 : MessageType.SHARED_OBJECT_AMF0;
  }
}
