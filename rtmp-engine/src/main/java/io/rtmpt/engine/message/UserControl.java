package io.rtmpt.engine.message;

/**
 * Message 4: a user control event. {@code value} is the stream id for stream events and the
 * timestamp for pings; {@code extra} is the buffer length in milliseconds for Set Buffer Length and
 * 0 otherwise. Event types this server does not know (SWF verification, Wowza's buffer events) are
 * kept with their type and first value so they can be logged and ignored.
 */
public record UserControl(int eventType, long value, long extra) implements RtmpMessage {
  public static final int STREAM_BEGIN = 0;
  public static final int STREAM_EOF = 1;
  public static final int STREAM_DRY = 2;
  public static final int SET_BUFFER_LENGTH = 3;
  public static final int STREAM_IS_RECORDED = 4;
  public static final int PING_REQUEST = 6;
  public static final int PING_RESPONSE = 7;

  public static UserControl streamBegin(long streamId) {
    return new UserControl(STREAM_BEGIN, streamId, 0);
  }

  public static UserControl streamEof(long streamId) {
    return new UserControl(STREAM_EOF, streamId, 0);
  }

  public static UserControl streamDry(long streamId) {
    return new UserControl(STREAM_DRY, streamId, 0);
  }

  public static UserControl streamIsRecorded(long streamId) {
    return new UserControl(STREAM_IS_RECORDED, streamId, 0);
  }

  public static UserControl setBufferLength(long streamId, long millis) {
    return new UserControl(SET_BUFFER_LENGTH, streamId, millis);
  }

  public static UserControl pingRequest(long timestamp) {
    return new UserControl(PING_REQUEST, timestamp, 0);
  }

  public static UserControl pingResponse(long timestamp) {
    return new UserControl(PING_RESPONSE, timestamp, 0);
  }

  @Override
  public MessageType type() {
    return MessageType.USER_CONTROL;
  }
}
