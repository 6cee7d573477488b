package io.rtmpt.engine.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Ways of cutting one input into the pieces a decoder is fed with, so that every decoder test also
 * runs with its input split at every position and one byte at a time (after okio's
 * OneByteAtATimeSource and Netty's testDecodeWholeRequestInMultipleSteps).
 */
public enum FeedStrategy {
  WHOLE {
    @Override
    public List<List<ByteBuffer>> cuts(byte[] input) {
      return List.of(List.of(ByteBuffer.wrap(input.clone())));
    }
  },
  ONE_BYTE_AT_A_TIME {
    @Override
    public List<List<ByteBuffer>> cuts(byte[] input) {
      List<ByteBuffer> pieces = new ArrayList<>();
      for (byte b : input) {
        pieces.add(ByteBuffer.wrap(new byte[] {b}));
      }
      return List.of(pieces);
    }
  },
  /** For each position p in 1..n-1, the input as two pieces [0,p) and [p,n). */
  EVERY_SPLIT_POINT {
    @Override
    public List<List<ByteBuffer>> cuts(byte[] input) {
      List<List<ByteBuffer>> all = new ArrayList<>();
      for (int p = 1; p < input.length; p++) {
        all.add(List.of(slice(input, 0, p), slice(input, p, input.length)));
      }
      if (all.isEmpty()) {
        all.add(List.of(ByteBuffer.wrap(input.clone())));
      }
      return all;
    }
  },
  /** Twenty random cuttings, seeded so that a failure can be replayed. */
  RANDOM_SPLITS {
    @Override
    public List<List<ByteBuffer>> cuts(byte[] input) {
      Random random = new Random(0x5EEDL ^ input.length);
      List<List<ByteBuffer>> all = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        List<ByteBuffer> pieces = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
          int len =
              1 + random.nextInt(Math.max(1, Math.min(input.length - pos, 1 + input.length / 4)));
          pieces.add(slice(input, pos, pos + len));
          pos += len;
        }
        all.add(pieces);
      }
      return all;
    }
  };

  /** Every cutting this strategy makes: each list of pieces, fed in order, is the whole input. */
  public abstract List<List<ByteBuffer>> cuts(byte[] input);

  static ByteBuffer slice(byte[] input, int from, int to) {
    byte[] copy = new byte[to - from];
    System.arraycopy(input, from, copy, 0, copy.length);
    return ByteBuffer.wrap(copy);
  }
}
