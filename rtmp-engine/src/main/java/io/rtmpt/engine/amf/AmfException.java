package io.rtmpt.engine.amf;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Malformed AMF0 or AMF3 input, or input over one of the codec's limits. The message is lowercase,
 * states the fact and the offending value, and, where a position makes sense, the byte offset
 * counted from the position the reader started at (for example {@code "unknown amf0 type marker
 * 0x12 at offset 12"}).
 */
public class AmfException extends RtmpProtocolException {
  private static final long serialVersionUID = 1L;

  public AmfException(String message) {
    super(message);
  }
}
