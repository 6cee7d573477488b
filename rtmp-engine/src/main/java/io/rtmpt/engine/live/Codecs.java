package io.rtmpt.engine.live;

import java.nio.charset.StandardCharsets;

/**
 * Reads the first bytes of FLV audio and video bodies, legacy and enhanced RTMP alike.
 *
 * <p>Video, legacy: byte 0 = frame type (high 4 bits: 1 key, 2 inter, 5 info/command) and codec id
 * (low 4 bits: 7 AVC, 12 HEVC as used by some encoders, 13 AV1); for AVC/HEVC byte 1 is the packet
 * type, 0 = sequence header. Enhanced RTMP: bit 0x80 of byte 0 set, frame type in bits 4..6, packet
 * type in the low 4 bits (0 SequenceStart, 1 CodedFrames, 2 SequenceEnd, 3 CodedFramesX, 4
 * Metadata, 5 MPEG2TSSequenceStart), then a FourCC in bytes 1..4.
 *
 * <p>Audio, legacy: sound format in the high 4 bits of byte 0 (10 AAC, 2 MP3, ...); for AAC byte 1
 * is the packet type, 0 = AudioSpecificConfig. Enhanced: sound format 9 (ExHeader), packet type in
 * the low 4 bits (0 SequenceStart), FourCC in bytes 1..4.
 */
public final class Codecs {
  private static final int VIDEO_EX_HEADER = 0x80;
  private static final int AVC = 7;
  private static final int HEVC_LEGACY = 12;
  private static final int AV1_LEGACY = 13;
  private static final int AAC = 10;
  private static final int AUDIO_EX_HEADER = 9;
  private static final int SEQUENCE_START = 0;
  private static final int MPEG2TS_SEQUENCE_START = 5;

  private Codecs() {}

  /** True when a VIDEODATA body is a keyframe (frame type 1). */
  public static boolean isVideoKeyframe(byte[] p) {
    if (p.length == 0) {
      return false;
    }
    int b = p[0] & 0xFF;
    int frameType = (b & VIDEO_EX_HEADER) != 0 ? (b >> 4) & 0x7 : b >> 4;
    return frameType == 1;
  }

  /** True when a VIDEODATA body is a decoder configuration (sequence header, SequenceStart). */
  public static boolean isVideoSequenceHeader(byte[] p) {
    if (p.length == 0) {
      return false;
    }
    int b = p[0] & 0xFF;
    if ((b & VIDEO_EX_HEADER) != 0) {
      int packetType = b & 0x0F;
      return packetType == SEQUENCE_START || packetType == MPEG2TS_SEQUENCE_START;
    }
    int codec = b & 0x0F;
    return (codec == AVC || codec == HEVC_LEGACY || codec == AV1_LEGACY)
        && p.length > 1
        && p[1] == 0;
  }

  /** True when an AUDIODATA body is an AAC AudioSpecificConfig or an enhanced SequenceStart. */
  public static boolean isAudioSequenceHeader(byte[] p) {
    if (p.length == 0) {
      return false;
    }
    int format = (p[0] & 0xFF) >> 4;
    if (format == AUDIO_EX_HEADER) {
      return (p[0] & 0x0F) == SEQUENCE_START;
    }
    return format == AAC && p.length > 1 && p[1] == 0;
  }

  /** A short codec name for the console: "h264", "hevc", "av1", "vp9", a FourCC, or "id N". */
  public static String videoCodec(byte[] p) {
    if (p.length == 0) {
      return null;
    }
    int b = p[0] & 0xFF;
    if ((b & VIDEO_EX_HEADER) != 0) {
      return p.length >= 5 ? fourCcName(p) : null;
    }
    return switch (b & 0x0F) {
      case 2 -> "h263";
      case 3 -> "screen";
      case 4 -> "vp6";
      case 5 -> "vp6a";
      case 6 -> "screen2";
      case AVC -> "h264";
      case HEVC_LEGACY -> "hevc";
      case AV1_LEGACY -> "av1";
      default -> "id " + (b & 0x0F);
    };
  }

  /** A short codec name for the console: "aac", "mp3", "opus", a FourCC, or "id N". */
  public static String audioCodec(byte[] p) {
    if (p.length == 0) {
      return null;
    }
    int format = (p[0] & 0xFF) >> 4;
    return switch (format) {
      case 0, 3 -> "pcm";
      case 1 -> "adpcm";
      case 2, 14 -> "mp3";
      case 4, 5, 6 -> "nellymoser";
      case 7 -> "g711a";
      case 8 -> "g711u";
      case AUDIO_EX_HEADER -> p.length >= 5 ? fourCcName(p) : null;
      case AAC -> "aac";
      case 11 -> "speex";
      default -> "id " + format;
    };
  }

  private static String fourCcName(byte[] p) {
    String fourCc = new String(p, 1, 4, StandardCharsets.ISO_8859_1);
    return switch (fourCc) {
      case "hvc1" -> "hevc";
      case "av01" -> "av1";
      case "vp09" -> "vp9";
      case "avc1" -> "h264";
      case "Opus" -> "opus";
      case "fLaC" -> "flac";
      case "ac-3" -> "ac3";
      case "ec-3" -> "eac3";
      case ".mp3" -> "mp3";
      case "mp4a" -> "aac";
      default -> fourCc.replaceAll("[^\\x20-\\x7E]", "?");
    };
  }
}
