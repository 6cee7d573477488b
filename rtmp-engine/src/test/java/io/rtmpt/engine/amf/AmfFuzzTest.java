package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random and mutated inputs into both readers: only values or AmfException may come out,
 * within an allocation bound per input (see {@link AmfProbe}), and the heap must not grow. A
 * failure names the format, seed, input number and input hex; keep such an input under
 * src/test/resources/corpus/amf0/ or amf3/, where {@link AmfCorpusTest} replays it.
 */
class AmfFuzzTest {
  /** A longer campaign: {@code -Damf.fuzz.inputs=5000000 -Damf.fuzz.seed=42}. */
  static final int INPUTS_PER_READER = Integer.getInteger("amf.fuzz.inputs", 100_000);

  private static final long SEED = Long.getLong("amf.fuzz.seed", 0xF022_A3F0L);
  private static final int[] INTERESTING_BYTES = {
    0x00, 0x01, 0x02, 0x03, 0x07, 0x09, 0x0a, 0x0c, 0x11, 0x7f, 0x80, 0xff
  };
  private static final int[][] HUGE_LENGTHS = {
    {0xff, 0xff, 0xff, 0xff},
    {0x7f, 0xff, 0xff, 0xff},
    {0x80, 0x00, 0x00, 0x00},
    {0x00, 0x01, 0x00, 0x00},
    {0xff, 0xff},
    {0xbf, 0xff, 0xff, 0xff},
    {0xff, 0xff, 0xff, 0xf3}
  };

  @ParameterizedTest
  @EnumSource(AmfFormat.class)
  void randomAndMutatedInputsGiveValuesOrAmfException(AmfFormat format) {
    long seed = SEED ^ format.ordinal();
    Random random = new Random(seed);
    List<byte[]> seeds = seeds(format);
    AmfProbe probe = new AmfProbe();
    List<byte[]> warmUp = new ArrayList<>(seeds);
    Random warmUpRandom = new Random(~seed);
    for (int i = 0; i < 2_000; i++) {
      warmUp.add(i % 2 == 0 ? randomInput(warmUpRandom) : mutate(warmUpRandom, seeds));
    }
    AmfProbe.warmUp(format, warmUp);
    long heapBefore = usedHeapAfterGc();
    for (int i = 0; i < INPUTS_PER_READER; i++) {
      byte[] input = i % 4 == 0 ? randomInput(random) : mutate(random, seeds);
      probe.probe(format, input, "seed " + seed + " input " + i);
    }
    long heapGrowth = usedHeapAfterGc() - heapBefore;
    System.out.printf(
        "%s fuzz: %d inputs, %d values, %d amf exceptions, %d writer refusals,"
            + " largest decode allocation %d bytes, heap growth %d bytes%n",
        format,
        INPUTS_PER_READER,
        probe.values,
        probe.failures,
        probe.writerRefusals,
        probe.largestAllocation,
        heapGrowth);
    assertTrue(heapGrowth < 64L << 20, () -> "heap grew by " + heapGrowth + " bytes");
    // Both outcomes must be common, or the inputs are not reaching the decoder's corners.
    assertTrue(
        probe.values > INPUTS_PER_READER / 20, () -> "only " + probe.values + " inputs decoded");
    assertTrue(
        probe.failures > INPUTS_PER_READER / 20, () -> "only " + probe.failures + " inputs failed");
  }

  /**
   * The fixture rows, except the 64 KiB strings; AMF0 also gets each AMF3 row behind the AVM+
   * switch.
   */
  static List<byte[]> seeds(AmfFormat format) {
    List<byte[]> seeds = new ArrayList<>();
    for (AmfFixture fixture : format.fixtures()) {
      if (fixture.bytes().length <= 4096) {
        seeds.add(fixture.bytes());
      }
    }
    if (format == AmfFormat.AMF0) {
      for (AmfFixture fixture : AmfFormat.AMF3.fixtures()) {
        if (fixture.bytes().length <= 4096 && fixture.values().size() == 1) {
          byte[] switched = new byte[fixture.bytes().length + 1];
          switched[0] = 0x11;
          System.arraycopy(fixture.bytes(), 0, switched, 1, fixture.bytes().length);
          seeds.add(switched);
        }
      }
    }
    return seeds;
  }

  /** Up to 64 bytes, half of them uniformly random, half drawn mostly from type markers. */
  static byte[] randomInput(Random random) {
    byte[] input = new byte[random.nextInt(65)];
    boolean markers = random.nextBoolean();
    for (int i = 0; i < input.length; i++) {
      input[i] =
          (byte) (markers && random.nextInt(3) > 0 ? random.nextInt(0x12) : random.nextInt(256));
    }
    return input;
  }

  /**
   * One to three of: bit flip, random or interesting byte, cut, insertion, deletion, duplication,
   * huge length, splice.
   */
  static byte[] mutate(Random random, List<byte[]> seeds) {
    byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
    for (int ops = 1 + random.nextInt(3); ops > 0; ops--) {
      int pos = b.length == 0 ? 0 : random.nextInt(b.length);
      switch (random.nextInt(9)) {
        case 0 -> {
          if (b.length > 0) {
            b[pos] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> {
          if (b.length > 0) {
            b[pos] = (byte) random.nextInt(256);
          }
        }
        case 2 -> {
          if (b.length > 0) {
            b[pos] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
          }
        }
        case 3 -> b = Arrays.copyOf(b, pos);
        case 4 -> {
          byte[] inserted = new byte[1 + random.nextInt(4)];
          random.nextBytes(inserted);
          b = splice(b, pos, pos, inserted);
        }
        case 5 -> b = splice(b, pos, Math.min(b.length, pos + 1 + random.nextInt(8)), new byte[0]);
        case 6 -> {
          int end = Math.min(b.length, pos + 1 + random.nextInt(16));
          b = splice(b, random.nextInt(b.length + 1), 0, Arrays.copyOfRange(b, pos, end));
        }
        case 7 -> {
          int[] huge = HUGE_LENGTHS[random.nextInt(HUGE_LENGTHS.length)];
          for (int i = 0; i < huge.length && pos + i < b.length; i++) {
            b[pos + i] = (byte) huge[i];
          }
        }
        default -> {
          byte[] other = seeds.get(random.nextInt(seeds.size()));
          int from = other.length == 0 ? 0 : random.nextInt(other.length);
          b = splice(b, pos, b.length, Arrays.copyOfRange(other, from, other.length));
        }
      }
    }
    return b;
  }

  /**
   * {@code b} with [from, to) replaced by {@code inserted}; {@code to < from} means insert at from.
   */
  private static byte[] splice(byte[] b, int from, int to, byte[] inserted) {
    int end = Math.max(from, to);
    byte[] out = new byte[b.length - (end - from) + inserted.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(inserted, 0, out, from, inserted.length);
    System.arraycopy(b, end, out, from + inserted.length, b.length - end);
    return out;
  }

  static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
