package io.rtmpt.engine.vod;

import io.rtmpt.engine.live.MediaFrame;
import java.nio.ByteBuffer;

/**
 * The FLV file format (Adobe Flash Video File Format Specification 10.1, annex E): a 9-byte header
 * ({@code FLV}, version 1, flags 0x04 audio | 0x01 video, header size 9), then PreviousTagSize0
 * (u32 0), then tags, each followed by its own size as a u32 (PreviousTagSize). A tag header is 11
 * bytes: TagType (u8: 8 audio, 9 video, 18 script data; bit 0x20 = Filter, encrypted), DataSize
 * (u24), Timestamp (u24, milliseconds) and TimestampExtended (u8, the upper 8 bits), StreamID (u24,
 * always 0); the tag body is what RTMP carries as an audio, video or AMF0 data message body.
 *
 * <p>A file written tag by tag is readable up to its last complete tag at any moment, which is why
 * recordings are FLV: a reader that finds a truncated last tag stops before it.
 */
public final class FlvFormat {
  /** File header length, and the value of its header-size field. */
  public static final int HEADER_SIZE = 9;

  /** Tag header length. */
  public static final int TAG_HEADER_SIZE = 11;

  /** Length of the PreviousTagSize field after every tag (and after the file header). */
  public static final int PREVIOUS_TAG_SIZE = 4;

  public static final int TAG_AUDIO = 8;
  public static final int TAG_VIDEO = 9;
  public static final int TAG_SCRIPT = 18;

  /** TagType bit set on encrypted tags (FLV 10.1 "Filter"); such files are not played. */
  public static final int TAG_FILTER = 0x20;

  /** The largest DataSize a tag header can carry (u24). */
  public static final int MAX_DATA_SIZE = 0xFFFFFF;

  private FlvFormat() {}

  /** The file header for a file with audio and video, followed by PreviousTagSize0 = 0. */
  public static byte[] fileHeader() {
    return new byte[] {'F', 'L', 'V', 1, 0x05, 0, 0, 0, HEADER_SIZE, 0, 0, 0, 0};
  }

  /** The tag type of a frame of this kind. */
  public static int tagType(MediaFrame.Kind kind) {
    return switch (kind) {
      case AUDIO -> TAG_AUDIO;
      case VIDEO -> TAG_VIDEO;
      case DATA -> TAG_SCRIPT;
    };
  }

  /**
   * The 11-byte tag header for a body of {@code dataSize} bytes at {@code timestamp} ms (lower 24
   * bits, then the upper 8 in TimestampExtended).
   *
   * @throws IllegalArgumentException when the body is larger than a tag can carry
   */
  public static ByteBuffer tagHeader(int tagType, int dataSize, long timestamp) {
    if (dataSize < 0 || dataSize > MAX_DATA_SIZE) {
      throw new IllegalArgumentException("tag body of " + dataSize + " bytes does not fit a tag");
    }
    ByteBuffer b = ByteBuffer.allocate(TAG_HEADER_SIZE);
    b.put((byte) tagType);
    putU24(b, dataSize);
    putU24(b, (int) (timestamp & 0xFFFFFF));
    b.put((byte) ((timestamp >>> 24) & 0xFF));
    putU24(b, 0);
    return b.flip();
  }

  /** The timestamp of a tag header at the buffer's position (not moved), TimestampExtended in. */
  static long timestamp(ByteBuffer header) {
    int p = header.position();
    long low = ((header.get(p + 4) & 0xFFL) << 16) | ((header.get(p + 5) & 0xFF) << 8);
    low |= header.get(p + 6) & 0xFF;
    return ((header.get(p + 7) & 0xFFL) << 24) | low;
  }

  /** The DataSize of a tag header at the buffer's position (not moved). */
  static int dataSize(ByteBuffer header) {
    int p = header.position();
    return ((header.get(p + 1) & 0xFF) << 16)
        | ((header.get(p + 2) & 0xFF) << 8)
        | (header.get(p + 3) & 0xFF);
  }

  private static void putU24(ByteBuffer b, int value) {
    b.put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
  }
}
