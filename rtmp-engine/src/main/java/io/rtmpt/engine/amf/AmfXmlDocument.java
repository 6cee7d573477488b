package io.rtmpt.engine.amf;

import java.util.Objects;

/**
 * A legacy {@code flash.xml.XMLDocument}: AMF0 marker 0x0F followed by a U32 length and that many
 * UTF-8 bytes; AMF3 marker 0x07 followed by a U29 length (or an object reference) and the bytes.
 */
public record AmfXmlDocument(String xml) {
  public AmfXmlDocument {
    Objects.requireNonNull(xml, "xml");
  }
}
