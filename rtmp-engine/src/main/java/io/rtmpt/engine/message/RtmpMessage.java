package io.rtmpt.engine.message;

/**
 * A decoded RTMP message body, one record per message type. Each record decodes itself (a static
 * {@code decode(byte[] body)}, reached through {@link MessageCodec#decode}, the one dispatch on the
 * type id) and encodes itself ({@link #encode}), so one file holds everything about one type.
 * Timestamp, message stream id and chunk stream id travel beside the body in a {@code RawMessage}
 * of the chunk layer; {@link MessageCodec#toRaw} puts the two together.
 */
public sealed interface RtmpMessage
    permits SetChunkSize,
        Abort,
        Acknowledgement,
        UserControl,
        WindowAckSize,
        SetPeerBandwidth,
        AudioData,
        VideoData,
        DataMessage,
        CommandMessage,
        SharedObjectMessage,
        AggregateMessage {
  /** The type id this message travels with. */
  MessageType type();

  /** The message body as it goes on the wire; a fresh array, or the record's own payload. */
  byte[] encode();
}
