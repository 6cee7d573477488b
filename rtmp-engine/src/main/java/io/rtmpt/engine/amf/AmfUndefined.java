package io.rtmpt.engine.amf;

/**
 * ActionScript {@code undefined}: AMF0 marker 0x06, AMF3 marker 0x00. It is kept apart from Java
 * {@code null}, which stands for AMF {@code null} (AMF0 0x05, AMF3 0x01).
 */
public enum AmfUndefined {
  INSTANCE;

  @Override
  public String toString() {
    return "undefined";
  }
}
