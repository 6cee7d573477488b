package io.rtmpt.engine.live;

import io.rtmpt.engine.message.MessageType;

/**
 * One audio, video or data message of a live stream, shared by every player. The classification
 * decides what a slow player may lose: sequence headers and metadata never, a video inter frame
 * only together with the rest of its group of pictures.
 *
 * @param kind what the frame carries
 * @param timestamp the publisher's RTMP timestamp in milliseconds, unsigned 32 bits held in a long
 *     (0..0xFFFFFFFF); it wraps to 0 after about 49.7 days, and players see it rebased (see the
 *     session's {@code PlayStream})
 * @param payload the FLV tag body: AUDIODATA, VIDEODATA, or an AMF0 data message body such as
 *     {@code onMetaData}; one array shared by every player and the late-joiner cache, never
 *     modified after construction
 * @param keyframe true for a video keyframe (legacy or enhanced RTMP frame type 1)
 * @param sequenceHeader true for an audio or video sequence header (AVC/HEVC/AV1 decoder
 *     configuration, AAC AudioSpecificConfig, enhanced RTMP SequenceStart)
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

    /** The message type players receive the frame in. */
    public MessageType messageType() {
      return messageType;
    }
  }

  /** True for frames a slow player must still receive: sequence headers and metadata. */
  public boolean essential() {
    return sequenceHeader || kind == Kind.DATA;
  }

  /** A video frame, classified by its first bytes (see {@link Codecs}). */
  public static MediaFrame video(long timestamp, byte[] payload) {
    return new MediaFrame(
        Kind.VIDEO,
        timestamp,
        payload,
        Codecs.isVideoKeyframe(payload),
        Codecs.isVideoSequenceHeader(payload));
  }

  /** An audio frame, classified by its first bytes (see {@link Codecs}). */
  public static MediaFrame audio(long timestamp, byte[] payload) {
    return new MediaFrame(
        Kind.AUDIO, timestamp, payload, false, Codecs.isAudioSequenceHeader(payload));
  }

  /** A data frame; {@code amf0Payload} is an AMF0 data message body. */
  public static MediaFrame data(long timestamp, byte[] amf0Payload) {
    return new MediaFrame(Kind.DATA, timestamp, amf0Payload, false, false);
  }
}
