package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Message 4: a user control event (RTMP specification 1.0, section 6.2). On the wire: event type
 * (u16), then a u32 for every event this server knows, and a second u32 for Set Buffer Length.
 * Event types this server does not know (SWF verification, Wowza's buffer events) are kept with
 * their type and first value, so they can be logged and ignored.
 *
 * @param eventType the event type, 0..65535
 * @param value the stream id for stream events, the timestamp for pings (u32)
 * @param extra the buffer length in milliseconds for Set Buffer Length, else 0 (u32)
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

  public static UserControl pingRequest(long timestamp) {
    return new UserControl(PING_REQUEST, timestamp, 0);
  }

  public static UserControl pingResponse(long timestamp) {
    return new UserControl(PING_RESPONSE, timestamp, 0);
  }

  static UserControl decode(byte[] body) throws RtmpProtocolException {
    MessageType type = MessageType.USER_CONTROL;
    MessageBodies.need(body, 2, type);
    int event = (body[0] & 0xFF) << 8 | (body[1] & 0xFF);
    switch (event) {
      case SET_BUFFER_LENGTH -> MessageBodies.need(body, 10, type);
      case STREAM_BEGIN, STREAM_EOF, STREAM_DRY, STREAM_IS_RECORDED, PING_REQUEST, PING_RESPONSE ->
          MessageBodies.need(body, 6, type);
      default -> {
        // unknown event: whatever follows the type is kept as far as it goes
      }
    }
    long value = body.length >= 6 ? Bytes.u32(body, 2) : 0;
    long extra = event == SET_BUFFER_LENGTH ? Bytes.u32(body, 6) : 0;
    return new UserControl(event, value, extra);
  }

  @Override
  public byte[] encode() {
    byte[] b = new byte[eventType == SET_BUFFER_LENGTH ? 10 : 6];
    b[0] = (byte) (eventType >>> 8);
    b[1] = (byte) eventType;
    Bytes.putU32(b, 2, value);
    if (eventType == SET_BUFFER_LENGTH) {
      Bytes.putU32(b, 6, extra);
    }
    return b;
  }

  @Override
  public MessageType type() {
    return MessageType.USER_CONTROL;
  }
}
