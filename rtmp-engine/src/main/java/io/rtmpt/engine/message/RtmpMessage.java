package io.rtmpt.engine.message;

/**
 * A decoded RTMP message body. Timestamp, message stream id and chunk stream id travel beside it in
 * {@link io.rtmpt.engine.chunk.RawMessage}; {@link MessageCodec} converts between the two.
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
  MessageType type();
}
