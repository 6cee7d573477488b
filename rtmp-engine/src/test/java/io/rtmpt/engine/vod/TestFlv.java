package io.rtmpt.engine.vod;

import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.amf.AmfEcmaArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Synthetic FLV files for the VOD tests: onMetaData, an AVC and an AAC sequence header, then video
 * at {@code fps} with a keyframe every {@code gop} frames and AAC frames every 23 ms. The bodies
 * are fake (nothing decodes them) but carry the real FLV first bytes, and each ends with {@code
 * marker} so a test can look for them in what a client received.
 */
public final class TestFlv {
  public static final byte[] VIDEO_HEADER = {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1e, (byte) 0xff};
  public static final byte[] AUDIO_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};
  public static final int AUDIO_INTERVAL_MILLIS = 23;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private TestFlv() {
    out.writeBytes(FlvFormat.fileHeader());
  }

  /** Writes a file of {@code seconds} at {@code fps}, a keyframe every {@code gop} frames. */
  public static Path write(Path file, int seconds, int fps, int gop, String marker)
      throws IOException {
    TestFlv flv = new TestFlv();
    byte[] mark = marker.getBytes(StandardCharsets.US_ASCII);
    AmfEcmaArray properties = AmfEcmaArray.of("duration", (double) seconds, "comment", marker);
    flv.tag(
        FlvFormat.TAG_SCRIPT, 0, new Amf0Writer().writeAll("onMetaData", properties).toByteArray());
    flv.tag(FlvFormat.TAG_VIDEO, 0, VIDEO_HEADER);
    flv.tag(FlvFormat.TAG_AUDIO, 0, AUDIO_HEADER);
    int frames = seconds * fps;
    long nextAudio = 0;
    for (int i = 0; i < frames; i++) {
      long ts = i * 1000L / fps;
      while (nextAudio <= ts) {
        flv.tag(FlvFormat.TAG_AUDIO, nextAudio, body(new byte[] {(byte) 0xAF, 1}, mark));
        nextAudio += AUDIO_INTERVAL_MILLIS;
      }
      byte first = (byte) (i % gop == 0 ? 0x17 : 0x27);
      flv.tag(FlvFormat.TAG_VIDEO, ts, body(new byte[] {first, 1, 0, 0, 0}, mark));
    }
    Files.write(file, flv.out.toByteArray());
    return file;
  }

  /** Video frames in a file written by {@link #write}. */
  public static int videoFrames(int seconds, int fps) {
    return seconds * fps;
  }

  private static byte[] body(byte[] head, byte[] mark) {
    byte[] b = new byte[head.length + mark.length];
    System.arraycopy(head, 0, b, 0, head.length);
    System.arraycopy(mark, 0, b, head.length, mark.length);
    return b;
  }

  private void tag(int type, long timestamp, byte[] body) {
    ByteBuffer header = FlvFormat.tagHeader(type, body.length, timestamp);
    out.write(header.array(), 0, header.remaining());
    out.writeBytes(body);
    out.writeBytes(ByteBuffer.allocate(4).putInt(FlvFormat.TAG_HEADER_SIZE + body.length).array());
  }
}
