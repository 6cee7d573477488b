package io.rtmpt.engine.message;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Converts between reassembled {@link RawMessage}s and typed {@link RtmpMessage}s: {@link #decode}
 * is the one dispatch on the type id, each record decodes and encodes its own body.
 */
public final class MessageCodec {
  private MessageCodec() {}

  /**
   * Decodes a message body by its type id.
   *
   * @throws RtmpProtocolException for an unknown type id or a body that does not fit its type
   */
  public static RtmpMessage decode(RawMessage raw) throws RtmpProtocolException {
    byte[] body = raw.payload();
    return switch (MessageType.fromCode(raw.messageTypeId())) {
      case SET_CHUNK_SIZE -> SetChunkSize.decode(body);
      case ABORT -> Abort.decode(body);
      case ACKNOWLEDGEMENT -> Acknowledgement.decode(body);
      case USER_CONTROL -> UserControl.decode(body);
      case WINDOW_ACK_SIZE -> WindowAckSize.decode(body);
      case SET_PEER_BANDWIDTH -> SetPeerBandwidth.decode(body);
      case AUDIO -> new AudioData(body);
      case VIDEO -> new VideoData(body);
      case DATA_AMF0 -> DataMessage.decode(body, false);
      case DATA_AMF3 -> DataMessage.decode(body, true);
      case COMMAND_AMF0 -> CommandMessage.decode(body, false);
      case COMMAND_AMF3 -> CommandMessage.decode(body, true);
      case SHARED_OBJECT_AMF0 -> new SharedObjectMessage(body, false);
      case SHARED_OBJECT_AMF3 -> new SharedObjectMessage(body, true);
      case AGGREGATE -> new AggregateMessage(body);
    };
  }

  /** A raw message carrying {@code message}'s body with the given header fields. */
  public static RawMessage toRaw(
      RtmpMessage message, int chunkStreamId, int messageStreamId, long timestamp) {
    return new RawMessage(
        chunkStreamId, message.type().code(), messageStreamId, timestamp, message.encode());
  }
}
