package io.rtmpt.engine.live;

import io.rtmpt.engine.message.MessageType;

/**
 * One audio, video or data message of a live stream, shared by every player: the payload is never
 * modified after construction. The classification decides what a slow player may lose: sequence
 * headers and metadata never, a video inter frame only together with the rest of its group of
 * pictures.
 */
public record MediaFrame(
    Kind kind, long timestamp, byte[] payload, boolean keyframe, boolean sequenceHeader) {

  /** What the frame carries, with the RTMP message type it travels in. */
  public enum Kind {
    AUDIO(MessageType.AUDIO),
    VIDEO(MessageType.VIDEO),
    DATA(MessageType.DATA_AMF0);

    private final MessageType messageType;

    Kind(MessageType messageType) {
      this.messageType = messageType;
    }

    public MessageType messageType() {
      return messageType;
    }
  }

  /** True for frames a slow player must still receive: sequence headers and metadata. */
  public boolean essential() {
    return sequenceHeader || kind == Kind.DATA;
  }

  public static MediaFrame video(long timestamp, byte[] payload) {
    return new MediaFrame(
        Kind.VIDEO,
        timestamp,
        payload,
        Codecs.isVideoKeyframe(payload),
        Codecs.isVideoSequenceHeader(payload));
  }

  public static MediaFrame audio(long timestamp, byte[] payload) {
    return new MediaFrame(
        Kind.AUDIO, timestamp, payload, false, Codecs.isAudioSequenceHeader(payload));
  }

  public static MediaFrame data(long timestamp, byte[] amf0Payload) {
    return new MediaFrame(Kind.DATA, timestamp, amf0Payload, false, false);
  }
}
