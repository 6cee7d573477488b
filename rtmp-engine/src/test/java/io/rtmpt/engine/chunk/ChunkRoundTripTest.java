package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkTesting.abort;
import static io.rtmpt.engine.chunk.ChunkTesting.encodeAll;
import static io.rtmpt.engine.chunk.ChunkTesting.setChunkSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random message sequences: encode, then decode in random pieces, and compare. */
class ChunkRoundTripTest {
  /** Covers every basic header form and both ends of each. */
  static final int[] CHUNK_STREAM_IDS = {2, 3, 4, 5, 6, 8, 63, 64, 65, 200, 319, 320, 1000, 65599};

  /**
   * Chunk sizes a Set Chunk Size message picks: tiny, typical and the largest the encoder allows.
   */
  static final int[] CHUNK_SIZES = {1, 2, 3, 7, 64, 128, 1000, 4096, 65536, 0xFFFFFF};

  static LongStream seeds() {
    return LongStream.range(1, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomMessageSequencesSurviveEncodeThenDecode(long seed) throws Exception {
    Random random = new Random(seed);
    List<RawMessage> messages = randomSequence(random, 150, 300_000);
    ChunkEncoder encoder = new ChunkEncoder();
    byte[] wire = encodeAll(encoder, messages);

    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    List<RawMessage> out = decodeInRandomPieces(decoder, wire, random);

    assertSameMessages(messages, out, seed);
    assertTrue(decoder.isIdle(), "left over: " + decoder);
    assertEquals(encoder.chunkSize(), decoder.chunkSize());
    assertEquals(wire.length, decoder.bytesRead());
  }

  @Test
  void everyChunkSizeFromOneTo300CarriesTheSameMessages() throws Exception {
    Random random = new Random(42);
    List<RawMessage> messages =
        randomSequence(random, 20, 1000).stream()
            .filter(m -> m.messageTypeId() != ChunkConstants.SET_CHUNK_SIZE)
            .toList();
    for (int size = 1; size <= 300; size++) {
      List<RawMessage> all = new ArrayList<>();
      all.add(setChunkSize(size));
      all.addAll(messages);
      byte[] wire = encodeAll(new ChunkEncoder(), all);
      ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
      assertSameMessages(all, decodeInRandomPieces(decoder, wire, random), size);
      assertTrue(decoder.isIdle());
    }
  }

  /**
   * A plausible but adversarial sequence: per chunk stream, timestamps mostly rise by small or
   * repeated deltas, sometimes jump by 0xFFFFFF or more, go backwards or wrap; lengths and types
   * often repeat (so type 2 and 3 headers occur); message stream ids change now and then; Set Chunk
   * Size and Abort messages appear at random.
   */
  static List<RawMessage> randomSequence(Random random, int count, int maxPayload) {
    Map<Integer, RawMessage> previous = new HashMap<>();
    Map<Integer, Long> deltas = new HashMap<>();
    List<RawMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int roll = random.nextInt(100);
      if (roll < 4) {
        messages.add(setChunkSize(CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)]));
        continue;
      }
      if (roll < 6) {
        messages.add(abort(CHUNK_STREAM_IDS[random.nextInt(CHUNK_STREAM_IDS.length)]));
        continue;
      }
      int id = CHUNK_STREAM_IDS[random.nextInt(CHUNK_STREAM_IDS.length)];
      RawMessage last = previous.get(id);
      long lastTimestamp = last == null ? 0 : last.timestamp();
      long lastDelta = deltas.getOrDefault(id, 0L);
      long timestamp =
          switch (random.nextInt(10)) {
                case 0, 1 -> lastTimestamp;
                case 2, 3, 4 -> lastTimestamp + random.nextInt(100);
                case 5, 6 -> lastTimestamp + lastDelta;
                case 7 ->
                    lastTimestamp + 0xFFFFFF + random.nextInt(3) * (long) random.nextInt(1 << 24);
                case 8 -> lastTimestamp - random.nextInt(1000);
                default -> random.nextLong() & 0xFFFFFFFFL;
              }
              & 0xFFFFFFFFL;
      deltas.put(id, (timestamp - lastTimestamp) & 0xFFFFFFFFL);
      boolean repeat = last != null && random.nextInt(3) == 0;
      int type = repeat ? last.messageTypeId() : randomType(random);
      int streamId =
          repeat || (last != null && random.nextInt(4) != 0)
              ? last.messageStreamId()
              : new int[] {0, 1, 2, random.nextInt()}[random.nextInt(4)];
      int length = repeat ? last.payload().length : randomLength(random, maxPayload);
      byte[] payload = new byte[length];
      random.nextBytes(payload);
      RawMessage m = new RawMessage(id, type, streamId, timestamp, payload);
      previous.put(id, m);
      messages.add(m);
    }
    return messages;
  }

  /** Any type id except Set Chunk Size and Abort, which the decoder would act upon. */
  private static int randomType(Random random) {
    int[] common = {3, 4, 5, 6, 8, 9, 15, 17, 18, 20, 22};
    if (random.nextBoolean()) {
      return common[random.nextInt(common.length)];
    }
    int type;
    do {
      type = random.nextInt(256);
    } while (type == ChunkConstants.SET_CHUNK_SIZE || type == ChunkConstants.ABORT);
    return type;
  }

  private static int randomLength(Random random, int max) {
    int roll = random.nextInt(100);
    int bound = roll < 70 ? 257 : roll < 90 ? 5001 : roll < 98 ? 65537 : max + 1;
    return random.nextInt(Math.min(bound, max + 1));
  }

  /** Pieces of 1..16, 1..1000, 1..65536 bytes or the rest, as views of {@code wire} (no copy). */
  static List<RawMessage> decodeInRandomPieces(ChunkDecoder decoder, byte[] wire, Random random)
      throws RtmpProtocolException {
    List<RawMessage> out = new ArrayList<>();
    int position = 0;
    while (position < wire.length) {
      int bound =
          switch (random.nextInt(4)) {
            case 0 -> 16;
            case 1 -> 1000;
            case 2 -> 65536;
            default -> wire.length;
          };
      int n = Math.min(wire.length - position, 1 + random.nextInt(bound));
      ByteBuffer piece = ByteBuffer.wrap(wire, position, n);
      decoder.decode(piece, out::add);
      assertEquals(0, piece.remaining());
      position += n;
    }
    return out;
  }

  /**
   * Compares one by one, so that a failure names the first differing message, not two huge lists.
   */
  static void assertSameMessages(List<RawMessage> expected, List<RawMessage> actual, long seed) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), "seed " + seed + ", message " + i);
    }
    assertEquals(expected.size(), actual.size(), "seed " + seed + ": number of messages");
  }
}
