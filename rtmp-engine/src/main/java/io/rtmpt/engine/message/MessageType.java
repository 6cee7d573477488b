package io.rtmpt.engine.message;

import io.rtmpt.engine.chunk.ChunkConstants;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * RTMP message type ids, as carried in the chunk message header (RTMP specification 1.0, sections
 * 5.4, 6.2 and 7.1): the one owner of every id. Set Chunk Size and Abort take theirs from {@link
 * ChunkConstants}, because the chunk layer below acts on those two itself.
 */
public enum MessageType {
  SET_CHUNK_SIZE(ChunkConstants.SET_CHUNK_SIZE),
  ABORT(ChunkConstants.ABORT),
  ACKNOWLEDGEMENT(3),
  USER_CONTROL(4),
  WINDOW_ACK_SIZE(5),
  SET_PEER_BANDWIDTH(6),
  AUDIO(8),
  VIDEO(9),
  DATA_AMF3(15),
  SHARED_OBJECT_AMF3(16),
  COMMAND_AMF3(17),
  DATA_AMF0(18),
  SHARED_OBJECT_AMF0(19),
  COMMAND_AMF0(20),
  AGGREGATE(22);

  private static final MessageType[] BY_CODE = new MessageType[23];

  static {
    for (MessageType type : values()) {
      if (BY_CODE[type.code] != null) {
        throw new AssertionError("duplicate message type code " + type.code);
      }
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The wire id, 1..22. */
  public int code() {
    return code;
  }

  /** The type for a wire code; an unknown code is a protocol violation. */
  public static MessageType fromCode(int code) throws RtmpProtocolException {
    MessageType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (type == null) {
      throw new RtmpProtocolException("unknown message type " + code);
    }
    return type;
  }
}
