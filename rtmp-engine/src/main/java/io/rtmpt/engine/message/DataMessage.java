package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Messages 18 (AMF0) and 15 (AMF3): a data message such as {@code @setDataFrame} or {@code
 * onMetaData}; the first value is normally its name. AMF3 data messages start with a 0x00 byte and
 * then carry AMF0 values that may switch to AMF3.
 *
 * @param values the values in order, unmodifiable
 * @param amf3 true for message type 15, false for 18
 */
public record DataMessage(List<Object> values, boolean amf3) implements RtmpMessage {
  public DataMessage {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** An AMF0 data message. */
  public static DataMessage of(Object... values) {
    return new DataMessage(Arrays.asList(values), false);
  }

  static DataMessage decode(byte[] body, boolean amf3) throws RtmpProtocolException {
    return new DataMessage(MessageBodies.readValues(body, amf3), amf3);
  }

  /** The first value when it is a string, else null. */
  public String name() {
    return !values.isEmpty() && values.get(0) instanceof String s ? s : null;
  }

  @Override
  public byte[] encode() {
    return MessageBodies.writeValues(values, amf3);
  }

  @Override
  public MessageType type() {
    return amf3 ? MessageType.DATA_AMF3 : MessageType.DATA_AMF0;
  }
}
