package io.rtmpt.engine.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reads a Jazzer input from the front: a few control values, then the payload. Past the end every
 * read gives zeros (or an empty array), so that any byte string is a valid input and a seed file is
 * just its control bytes followed by captured traffic. Not thread-safe.
 */
public final class FuzzInput {
  private final byte[] data;
  private int position;

  public FuzzInput(byte[] data) {
    this.data = data;
  }

  /** The next byte as 0..255, or 0 past the end. */
  public int u8() {
    return position < data.length ? data[position++] & 0xFF : 0;
  }

  /** The next two bytes, big-endian, as 0..65535 (missing bytes count as 0). */
  public int u16() {
    return (u8() << 8) | u8();
  }

  /** The next {@code n} bytes, or fewer at the end. */
  public byte[] bytes(int n) {
    int end = Math.min(data.length, position + Math.max(0, n));
    byte[] out = Arrays.copyOfRange(data, position, end);
    position = end;
    return out;
  }

  /** Everything not read yet. */
  public byte[] rest() {
    return bytes(data.length - position);
  }

  /** Bytes not read yet. */
  public int remaining() {
    return data.length - position;
  }

  /**
   * {@code bytes} cut into the pieces a decoder is fed with, as {@code cutting} says: 0 whole, 1
   * one byte at a time, 2 halves, anything else pseudo-random piece sizes seeded by it (small
   * values of the seed give small pieces). Each piece is its own buffer, so that a decoder cannot
   * read past it.
   */
  public static List<ByteBuffer> pieces(byte[] bytes, int cutting) {
    List<ByteBuffer> pieces = new ArrayList<>();
    if (cutting == 0 || bytes.length < 2) {
      pieces.add(ByteBuffer.wrap(bytes.clone()));
      return pieces;
    }
    if (cutting == 2) {
      pieces.add(FeedStrategy.slice(bytes, 0, bytes.length / 2));
      pieces.add(FeedStrategy.slice(bytes, bytes.length / 2, bytes.length));
      return pieces;
    }
    Random random = new Random(cutting);
    int largest = cutting == 1 ? 1 : 1 + (cutting & 0x0F) * (cutting & 0x0F) * 16;
    for (int pos = 0; pos < bytes.length; ) {
      int len = Math.min(bytes.length - pos, 1 + random.nextInt(largest));
      pieces.add(FeedStrategy.slice(bytes, pos, pos + len));
      pos += len;
    }
    return pieces;
  }
}
