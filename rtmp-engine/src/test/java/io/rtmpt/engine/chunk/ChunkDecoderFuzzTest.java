package io.rtmpt.engine.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.Hex;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded robustness test: random bytes and mutated valid encodings, each into a fresh decoder in
 * random pieces, may only produce well-formed messages or an {@link RtmpProtocolException}, and may
 * only allocate what the limits and the input justify. A failure names the input's seed and hex;
 * keep such inputs under {@code src/test/resources/corpus/chunk/} ({@link ChunkCorpusTest} replays
 * them).
 */
class ChunkDecoderFuzzTest {
  private static final long SEED = 0x5EED_C0DEL;
  private static final int INPUTS = 100_000;

  /** Limits tight enough that the fuzzer reaches every limit check often. */
  private static final ChunkLimits TIGHT = new ChunkLimits(4096, 4, 4096);

  /** Longer mutants are cut: beyond this, inputs only repeat what shorter ones test. */
  private static final int MAX_INPUT = 2048;

  /** Live heap (after GC) may not grow by more than this during the run. */
  private static final long RETAINED_HEAP_BOUND = 64L * 1024 * 1024;

  /**
   * Every protocol check of the decoder, digits as N: the fuzzer must reach each of them, but for
   * the partial-bytes bound, which needs several large partial messages at once and which random
   * inputs of 2 KB rarely hold: ChunkDecoderTest's error cases reach it, and every input here
   * asserts that the bound holds.
   */
  private static final Set<String> ERROR_KINDS =
      Set.of(
          "abort payload of N bytes, expected N",
          "chunk size N has the reserved high bit set",
          "chunk size N is below N",
          "chunk stream N: type N header before any type N header",
          "chunk stream N: type N header before the previous message is complete (N of N bytes)",
          "message length N exceeds limit N",
          "more than N chunk streams",
          "set chunk size payload of N bytes, expected N");

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void randomAndMutatedInputsYieldOnlyMessagesOrProtocolErrors() throws Throwable {
    // A fresh thread has a shallow stack, which makes the ~100,000 exceptions cheap to create.
    Throwable[] failure = new Throwable[1];
    Thread fuzzer =
        new Thread(
            () -> {
              try {
                fuzz();
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "chunk-fuzzer");
    fuzzer.start();
    fuzzer.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private void fuzz() {
    Random random = new Random(SEED);
    List<byte[]> valid = validEncodings(new Random(SEED + 1), 400);
    long heapBefore = usedHeapAfterGc();
    long messages = 0;
    long errors = 0;
    long bytes = 0;
    long maxAllocated = 0;
    Map<String, Integer> errorKinds = new TreeMap<>();
    for (int i = 0; i < INPUTS; i++) {
      long inputSeed = random.nextLong();
      Random r = new Random(inputSeed);
      byte[] input = r.nextInt(4) == 0 ? randomBytes(r) : mutate(r, valid);
      input = input.length > MAX_INPUT ? Arrays.copyOf(input, MAX_INPUT) : input;
      ChunkLimits limits = (i & 1) == 0 ? ChunkLimits.defaults() : TIGHT;
      Outcome outcome;
      try {
        outcome = run(input, limits, r);
      } catch (Throwable t) {
        fail(
            "input " + i + " (seed " + inputSeed + ", limits " + limits + "): " + Hex.encode(input),
            t);
        return;
      }
      messages += outcome.messages;
      if (outcome.error != null) {
        errors++;
        errorKinds.merge(outcome.error.replaceAll("[0-9]+", "N"), 1, Integer::sum);
      }
      bytes += input.length;
      if (i >= 1000) { // the first inputs also pay for class loading and JIT
        long bound =
            32 * 1024
                + 3 * outcome.payloadBytes
                + 128L * outcome.messages
                + ChunkStreamState.ALLOCATE_UP_FRONT_LIMIT
                    * (long) (outcome.aborts + limits.maxChunkStreams());
        if (outcome.allocated > bound) {
          fail(
              "input "
                  + i
                  + " (seed "
                  + inputSeed
                  + ") allocated "
                  + outcome.allocated
                  + " > "
                  + bound
                  + ": "
                  + Hex.encode(input));
        }
        maxAllocated = Math.max(maxAllocated, outcome.allocated);
      }
      if (i % 25_000 == 24_999) {
        long retained = usedHeapAfterGc() - heapBefore;
        assertTrue(retained < RETAINED_HEAP_BOUND, "retained heap grew by " + retained + " bytes");
      }
    }
    System.out.printf(
        "chunk fuzz: %d inputs, %d bytes, %d messages, %d protocol errors, "
            + "max %d bytes allocated per input%n",
        INPUTS, bytes, messages, errors, maxAllocated);
    errorKinds.forEach((kind, n) -> System.out.printf("%8d  %s%n", n, kind));
    assertTrue(messages > INPUTS, "too few messages decoded: " + messages);
    assertEquals(ERROR_KINDS, errorKinds.keySet(), "error checks the fuzzer reached");
    assertTrue(errors > INPUTS / 4 && errors < INPUTS, "protocol errors: " + errors);
  }

  /** What one input did. */
  record Outcome(long messages, long payloadBytes, int aborts, String error, long allocated) {}

  /**
   * Feeds {@code input} in random pieces to a fresh decoder, checking every message and, after an
   * error, that the decoder refuses more input. Only the decoder's own work is counted as
   * allocated.
   */
  Outcome run(byte[] input, ChunkLimits limits, Random random) {
    ChunkDecoder decoder = new ChunkDecoder(limits);
    List<RawMessage> out = new ArrayList<>();
    long allocated = 0;
    String error = null;
    int position = 0;
    while (position < input.length && error == null) {
      int n =
          Math.min(input.length - position, 1 + random.nextInt(1 + random.nextInt(input.length)));
      ByteBuffer piece = ByteBuffer.wrap(input, position, n);
      long before = threads.getCurrentThreadAllocatedBytes();
      try {
        decoder.decode(piece, out::add);
      } catch (RtmpProtocolException e) {
        error = e.getMessage();
      }
      allocated += threads.getCurrentThreadAllocatedBytes() - before;
      if (error == null && piece.hasRemaining()) {
        throw new AssertionError("decode left " + piece.remaining() + " bytes");
      }
      position += n;
    }
    if (error != null) {
      assertThrows(
          IllegalStateException.class, () -> decoder.decode(ByteBuffer.allocate(1), m -> {}));
    } else {
      assertEquals(input.length, decoder.bytesRead());
    }
    assertTrue(decoder.chunkSize() >= 1);
    assertTrue(decoder.partialBytes() >= 0 && decoder.partialBytes() <= limits.maxPartialBytes());
    long payloadBytes = 0;
    int aborts = 0;
    for (RawMessage m : out) {
      assertTrue(m.chunkStreamId() >= 2 && m.chunkStreamId() <= 65599, m::toString);
      assertTrue(m.messageTypeId() >= 0 && m.messageTypeId() <= 255, m::toString);
      assertTrue(m.timestamp() >= 0 && m.timestamp() <= 0xFFFFFFFFL, m::toString);
      assertTrue(m.payload().length <= limits.maxMessageSize(), m::toString);
      payloadBytes += m.payload().length;
      aborts += m.messageTypeId() == ChunkConstants.ABORT ? 1 : 0;
    }
    return new Outcome(out.size(), payloadBytes, aborts, error, allocated);
  }

  /**
   * Encodings of short random sequences plus the table cases: the material mutations start from.
   */
  static List<byte[]> validEncodings(Random random, int count) {
    List<byte[]> valid = new ArrayList<>();
    ChunkCases.all().forEach(c -> valid.add(c.wire()));
    while (valid.size() < count) {
      List<RawMessage> messages = new ArrayList<>();
      if (random.nextBoolean()) {
        messages.add(ChunkTesting.setChunkSize(1 + random.nextInt(random.nextBoolean() ? 8 : 300)));
      }
      messages.addAll(ChunkRoundTripTest.randomSequence(random, 1 + random.nextInt(8), 300));
      valid.add(ChunkTesting.encodeAll(new ChunkEncoder(), messages));
    }
    return valid;
  }

  private static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(400)];
    r.nextBytes(b);
    return b;
  }

  private static final byte[] INTERESTING = {
    0,
    1,
    2,
    3,
    (byte) 0x3f,
    (byte) 0x40,
    (byte) 0x7f,
    (byte) 0x80,
    (byte) 0xc0,
    (byte) 0xc1,
    (byte) 0xc2,
    (byte) 0xc3,
    (byte) 0xff
  };

  /**
   * One to three of: bit flips, interesting bytes, 0xFFFFFF markers, truncation, splices, inserts,
   * deletes, repeats.
   */
  static byte[] mutate(Random r, List<byte[]> valid) {
    byte[] b = valid.get(r.nextInt(valid.size())).clone();
    for (int op = 1 + r.nextInt(3); op > 0; op--) {
      if (b.length == 0) {
        return b;
      }
      int at = r.nextInt(b.length);
      switch (r.nextInt(8)) {
        case 0 -> {
          for (int k = 1 + r.nextInt(8); k > 0; k--) {
            int p = r.nextInt(b.length);
            b[p] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        case 2 -> {
          for (int p = at; p < Math.min(b.length, at + 3); p++) {
            b[p] = (byte) 0xff;
          }
        }
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          byte[] other = valid.get(r.nextInt(valid.size()));
          int from = r.nextInt(other.length);
          b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length));
        }
        case 5 -> {
          byte[] junk = new byte[1 + r.nextInt(16)];
          r.nextBytes(junk);
          b = concat(concat(Arrays.copyOf(b, at), junk), Arrays.copyOfRange(b, at, b.length));
        }
        case 6 ->
            b =
                concat(
                    Arrays.copyOf(b, at),
                    Arrays.copyOfRange(b, Math.min(b.length, at + 1 + r.nextInt(16)), b.length));
        default -> {
          int end = Math.min(b.length, at + 1 + r.nextInt(64));
          b = concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, b.length));
        }
      }
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
