package io.rtmpt.engine.message;

import java.util.List;

/**
 * Messages 18 (AMF0) and 15 (AMF3): a data message such as {@code @setDataFrame} or {@code
 * onMetaData}; the first value is normally its name.
 */
public record DataMessage(List<Object> values, boolean amf3) implements RtmpMessage {
  public DataMessage {
    values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }

  public static DataMessage of(Object... values) {
    return new DataMessage(java.util.Arrays.asList(values), false);
  }

  /** The first value when it is a string, else null. */
  public String name() {
    return !values.isEmpty() && values.get(0) instanceof String s ? s : null;
  }

  @Override
  public MessageType type() {
    return amf3 ? MessageType.DATA_AMF3 : MessageType.DATA_AMF0;
  }
}
