package io.rtmpt.engine.session;

/** FLV audio/video bodies for tests: the first bytes matter, the rest is filler of a given size. */
final class Media {
  private Media() {}

  /** AVC sequence header (AVCDecoderConfigurationRecord). */
  static byte[] avcHeader() {
    return body(40, 0x17, 0x00);
  }

  static byte[] keyframe(int size) {
    return body(size, 0x17, 0x01);
  }

  static byte[] interframe(int size) {
    return body(size, 0x27, 0x01);
  }

  /** AAC AudioSpecificConfig. */
  static byte[] aacHeader() {
    return body(4, 0xAF, 0x00);
  }

  static byte[] aac(int size) {
    return body(size, 0xAF, 0x01);
  }

  /** Enhanced RTMP HEVC SequenceStart (IsExHeader, keyframe, packet type 0, "hvc1"). */
  static byte[] hevcHeader() {
    byte[] b = body(30, 0x90, 'h');
    b[2] = 'v';
    b[3] = 'c';
    b[4] = '1';
    return b;
  }

  private static byte[] body(int size, int first, int second) {
    byte[] b = new byte[Math.max(size, 5)];
    b[0] = (byte) first;
    b[1] = (byte) second;
    for (int i = 5; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
