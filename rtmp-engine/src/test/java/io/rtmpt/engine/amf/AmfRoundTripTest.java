package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfAssertions.assertAmfEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random value trees, with shared and cyclic parts, written and read back equal. Trees hold
 * only what each format gives back unchanged: no Integer in AMF0 outside the AVM+ switch, no typed
 * object with an empty class name or associative array without entries in AMF3, and so on.
 */
class AmfRoundTripTest {
  private static final long SEED = 0x5EED_A3F0L;
  private static final int TREES = 3_000;

  @ParameterizedTest
  @EnumSource(AmfFormat.class)
  void randomValueTreesReadBackEqual(AmfFormat format) {
    long seed = SEED ^ format.ordinal();
    Random random = new Random(seed);
    for (int i = 0; i < TREES; i++) {
      List<Object> values = new ValueGenerator(random, format).values();
      byte[] bytes = format.write(values);
      try {
        assertAmfEquals(values, format.reader(ByteBuffer.wrap(bytes)).readAll());
      } catch (AmfException | AssertionError e) {
        fail(
            "tree "
                + i
                + " of seed "
                + seed
                + ": "
                + AmfGraph.render(values)
                + "\nbytes "
                + Hex.encode(bytes),
            e);
      }
    }
  }

  /** One tree of values; containers made earlier are sometimes reused, or put inside themselves. */
  private static final class ValueGenerator {
    private final Random random;
    private final AmfFormat format;

    /**
     * Containers made so far, by the context they were made in: AMF0 values never hold AMF3 ones.
     */
    private final List<Object> amf0Containers = new ArrayList<>();

    private final List<Object> amf3Containers = new ArrayList<>();

    ValueGenerator(Random random, AmfFormat format) {
      this.random = random;
      this.format = format;
    }

    List<Object> values() {
      List<Object> values = new ArrayList<>();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        values.add(format == AmfFormat.AMF0 ? amf0(0) : amf3(0));
      }
      return values;
    }

    private Object amf0(int depth) {
      int pick = random.nextInt(depth > 4 ? 8 : 16);
      return switch (pick) {
        case 0 -> randomDouble();
        case 1 -> random.nextBoolean();
        case 2 -> string(random.nextInt(100) == 0 ? 70_000 : 12);
        case 3 -> null;
        case 4 -> AmfUndefined.INSTANCE;
        case 5 -> new AmfDate(randomDouble());
        case 6 -> new AmfXmlDocument("<x>" + string(5) + "</x>");
        case 7 -> reuse(amf0Containers, () -> amf0(depth + 1));
        case 8, 9 ->
            fill(random.nextBoolean() ? new AmfObject() : new AmfObject(string(6)), depth, true);
        case 10 -> fill(new AmfEcmaArray(), depth, true);
        case 11, 12 -> list(depth, true);
        default -> amf3Only(depth); // through the AVM+ switch
      };
    }

    private Object amf3(int depth) {
      int pick = random.nextInt(depth > 4 ? 9 : 16);
      return switch (pick) {
        case 0 -> randomDouble();
        case 1 -> random.nextInt(1 << 29) - (1 << 28); // the 29-bit integer range
        case 2 -> random.nextBoolean();
        case 3 -> string(random.nextInt(50) == 0 ? 300 : 6); // short: strings repeat, so references
        case 4 -> random.nextBoolean() ? null : AmfUndefined.INSTANCE;
        case 5 -> new AmfDate(randomDouble());
        case 6 -> random.nextBoolean() ? new AmfXmlDocument(string(4)) : new AmfXml(string(4));
        case 7 -> reuse(amf3Containers, () -> amf3(depth + 1));
        case 8 -> randomBytes();
        case 9, 10 ->
            fill(
                random.nextBoolean() ? new AmfObject() : new AmfObject("C" + random.nextInt(3)),
                depth,
                false);
        case 11 -> {
          AmfEcmaArray array = new AmfEcmaArray();
          array.put(
              "k" + random.nextInt(5),
              amf3(depth + 1)); // at least one entry, else it reads as a List
          fill(array, depth, false);
          yield array;
        }
        case 12 -> list(depth, false);
        default -> amf3Only(depth);
      };
    }

    /** Byte arrays, XML, vectors and dictionaries: AMF3 in AMF3, the AVM+ switch in AMF0. */
    private Object amf3Only(int depth) {
      return switch (random.nextInt(5)) {
        case 0 -> randomBytes();
        case 1 -> new AmfXml(string(8));
        case 2 ->
            switch (random.nextInt(3)) {
              case 0 -> AmfVector.ofInts(random.nextInt(), random.nextInt());
              case 1 -> AmfVector.ofUints(random.nextInt() & 0xFFFFFFFFL);
              default ->
                  new AmfVector(
                      AmfVector.Kind.DOUBLE,
                      random.nextBoolean(),
                      null,
                      AmfFixture.list(randomDouble()));
            };
        case 3 -> {
          AmfVector vector =
              new AmfVector(AmfVector.Kind.OBJECT, random.nextBoolean(), string(3), new AmfList());
          amf0Containers.add(vector); // always written as AMF3, so fit for either context
          amf3Containers.add(vector);
          for (int n = random.nextInt(3); n > 0; n--) {
            vector.values().add(amf3(depth + 1));
          }
          yield vector;
        }
        default -> {
          AmfDictionary dictionary = new AmfDictionary(random.nextBoolean());
          amf0Containers.add(dictionary);
          amf3Containers.add(dictionary);
          for (int n = random.nextInt(3); n > 0; n--) {
            dictionary.add(amf3(depth + 1), amf3(depth + 1));
          }
          yield dictionary;
        }
      };
    }

    private <M extends Map<String, Object>> M fill(M map, int depth, boolean amf0) {
      (amf0 ? amf0Containers : amf3Containers).add(map);
      for (int n = random.nextInt(4); n > 0; n--) {
        String key =
            amf0 ? string(random.nextInt(6)) : "k" + random.nextInt(5); // AMF0 keys may be ""
        map.put(key, amf0 ? amf0(depth + 1) : amf3(depth + 1));
      }
      if (random.nextInt(20) == 0) {
        map.put("self", map);
      }
      return map;
    }

    private List<Object> list(int depth, boolean amf0) {
      List<Object> list = random.nextBoolean() ? new ArrayList<>() : new AmfList();
      (amf0 ? amf0Containers : amf3Containers).add(list);
      for (int n = random.nextInt(4); n > 0; n--) {
        list.add(amf0 ? amf0(depth + 1) : amf3(depth + 1));
      }
      return list;
    }

    /** A container made earlier in this tree (a shared or cyclic reference), or a fresh value. */
    private Object reuse(List<Object> containers, Supplier<Object> fresh) {
      return containers.isEmpty() ? fresh.get() : containers.get(random.nextInt(containers.size()));
    }

    private double randomDouble() {
      return switch (random.nextInt(6)) {
        case 0 -> Double.NaN;
        case 1 -> -0.0;
        case 2 -> Double.NEGATIVE_INFINITY;
        case 3 -> random.nextInt(1000);
        default -> random.nextGaussian() * 1e9;
      };
    }

    private byte[] randomBytes() {
      byte[] bytes = new byte[random.nextInt(8)];
      random.nextBytes(bytes);
      return bytes;
    }

    /** Letters, multi-byte characters and supplementary ones (no unpaired surrogates). */
    private String string(int maxLength) {
      int length = maxLength == 0 ? 0 : random.nextInt(maxLength + 1);
      StringBuilder s = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        switch (random.nextInt(8)) {
          case 0 -> s.append('é');
          case 1 -> s.append('€');
          case 2 -> s.appendCodePoint(0x1F600 + random.nextInt(16));
          default -> s.append((char) ('a' + random.nextInt(3)));
        }
      }
      return s.toString();
    }
  }
}
