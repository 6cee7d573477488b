package io.rtmpt.webapp.loadgen;

import java.nio.ByteBuffer;

/**
 * The synthetic video the publishers send: FLV VIDEODATA bodies the engine classifies as H.264
 * (codec id 7) like a real stream, so that its keyframe and sequence-header logic (GOP cache, late
 * joiners, frame dropping) runs as in production.
 *
 * <p>A frame body: byte 0 = frame type and codec ({@code 0x17} keyframe, {@code 0x27} inter frame),
 * byte 1 = AVC packet type 1 (NAL units), bytes 2-4 = composition time 0, then the marker {@code
 * "LGEN"}, the frame's sequence number (8 bytes, big-endian) and the publisher's {@link
 * System#nanoTime()} when it made the frame (8 bytes), then zero padding up to the frame size. The
 * receiver's {@code nanoTime} minus the embedded one is the message latency (publisher and players
 * run in the same JVM).
 */
public final class MediaFrames {
  /** The smallest frame: the header, the marker, sequence number and send time. */
  public static final int MIN_FRAME_BYTES = 5 + 4 + 8 + 8;

  private static final int MARKER = 0x4C47454E; // "LGEN"
  private static final int MARKER_OFFSET = 5;

  private MediaFrames() {}

  /**
   * An AVC sequence header (packet type 0) with a minimal AVCDecoderConfigurationRecord: version 1,
   * High profile, level 3.1, 4-byte NAL lengths, no parameter sets. Players get it first.
   */
  public static byte[] sequenceHeader() {
    return new byte[] {0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x1F, (byte) 0xFF, (byte) 0xE0, 0x00};
  }

  /** One frame of {@code size} bytes (at least {@link #MIN_FRAME_BYTES}). */
  public static byte[] frame(long sequence, long sentNanos, boolean keyframe, int size) {
    if (size < MIN_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "frame size " + size + " is below the minimum " + MIN_FRAME_BYTES);
    }
    byte[] frame = new byte[size];
    ByteBuffer b = ByteBuffer.wrap(frame);
    b.put((byte) (keyframe ? 0x17 : 0x27)).put((byte) 1).put((byte) 0).putShort((short) 0);
    b.putInt(MARKER).putLong(sequence).putLong(sentNanos);
    return frame;
  }

  /** Whether {@code payload} is a frame made by {@link #frame}. */
  public static boolean isFrame(byte[] payload) {
    return payload.length >= MIN_FRAME_BYTES
        && ByteBuffer.wrap(payload).getInt(MARKER_OFFSET) == MARKER;
  }

  /** The sequence number of a frame made by {@link #frame}. */
  public static long sequence(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(MARKER_OFFSET + 4);
  }

  /** The publisher's {@code nanoTime} embedded in a frame made by {@link #frame}. */
  public static long sentNanos(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(MARKER_OFFSET + 12);
  }
}
