package io.rtmpt.engine.amf;

import java.util.Objects;

/**
 * An ActionScript 3 (E4X) {@code XML} value: AMF3 marker 0x0B followed by a U29 length and that
 * many UTF-8 bytes. AMF0 has no such type; {@link Amf0Writer} sends it through the AVM+ switch.
 */
public record AmfXml(String xml) {
  public AmfXml {
    Objects.requireNonNull(xml, "xml");
  }
}
