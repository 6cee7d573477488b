package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfAssertions.assertAmfEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture row drives decoding and, where the encoding is canonical, encoding. */
class AmfFixturesTest {
  /** What running out of bytes is reported as: at a fixed-size field, or at a declared length. */
  private static final Pattern TRUNCATION =
      Pattern.compile(
          "truncated amf[03] value at offset \\d+|amf[03] [a-z ]+ \\d+ (exceeds remaining \\d+"
              + " bytes|needs \\d+ bytes, \\d+ remain) at offset \\d+");

  static Stream<Arguments> decodable() {
    return rows(true, false);
  }

  static Stream<Arguments> encodable() {
    return rows(false, true);
  }

  static Stream<Arguments> all() {
    return rows(false, false);
  }

  private static Stream<Arguments> rows(boolean mustDecode, boolean mustEncode) {
    return Stream.of(AmfFormat.values())
        .flatMap(
            format ->
                format.fixtures().stream()
                    .filter(f -> (!mustDecode || f.decodes()) && (!mustEncode || f.encodes()))
                    .map(f -> Arguments.of(format, f)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("decodable")
  void readerDecodesFixtureAndConsumesEveryByte(AmfFormat format, AmfFixture fixture)
      throws AmfException {
    ByteBuffer in = ByteBuffer.wrap(fixture.bytes());
    List<Object> values = format.reader(in).readAll();
    assertAmfEquals(fixture.values(), values);
    assertFalse(in.hasRemaining());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("encodable")
  void writerEncodesFixture(AmfFormat format, AmfFixture fixture) {
    assertEquals(Hex.encode(fixture.bytes()), Hex.encode(format.write(fixture.values())));
  }

  /** Positions where a top-level value ends, read value by value. */
  private static List<Integer> boundaries(AmfFormat format, byte[] bytes) throws AmfException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    AmfFormat.Reader reader = format.reader(in);
    List<Integer> ends = new ArrayList<>(List.of(0));
    while (in.hasRemaining()) {
      reader.read();
      ends.add(in.position());
    }
    return ends;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("all")
  void everyStrictPrefixFailsUnlessItEndsBetweenValues(AmfFormat format, AmfFixture fixture)
      throws AmfException {
    byte[] bytes = fixture.bytes();
    List<Integer> ends = boundaries(format, bytes);
    List<Object> whole = format.readAll(bytes);
    for (int length = 0; length < bytes.length; length = nextPrefixLength(length, bytes.length)) {
      ByteBuffer prefix =
          ByteBuffer.wrap(bytes, 0, length); // no copy: the 64 KiB rows have 64 Ki prefixes
      int valueCount = ends.indexOf(length);
      if (valueCount >= 0) {
        assertAmfEquals(whole.subList(0, valueCount), format.reader(prefix).readAll());
      } else {
        int cut = length;
        AmfException e =
            assertThrows(
                AmfException.class, () -> format.reader(prefix).readAll(), () -> "prefix " + cut);
        assertTrue(
            TRUNCATION.matcher(e.getMessage()).matches(),
            () -> "prefix " + cut + ": " + e.getMessage());
      }
    }
  }

  /**
   * Every length, except inside the bulk of the 64 KiB string rows, where every cut takes the same
   * path: there, every length within 512 bytes of either end and every 61st one in between.
   */
  private static int nextPrefixLength(int length, int total) {
    boolean bulk = length >= 512 && length < total - 512;
    return bulk ? Math.min(length + 61, total - 512) : length + 1;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("all")
  void readLeavesTheBytesAfterOneValueUnread(AmfFormat format, AmfFixture fixture)
      throws AmfException {
    byte[] bytes = fixture.bytes();
    int firstEnd = boundaries(format, bytes).get(1);
    ByteBuffer in =
        ByteBuffer.allocate(bytes.length + 2).put(bytes).put((byte) 0xff).put((byte) 0xee).flip();
    format.reader(in).read();
    assertEquals(firstEnd, in.position());
    assertEquals(bytes.length - firstEnd + 2, in.remaining());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("all")
  void readerIgnoresBufferKindOrderAndStartPosition(AmfFormat format, AmfFixture fixture)
      throws AmfException {
    byte[] bytes = fixture.bytes();
    List<Object> expected = format.readAll(bytes);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    direct.put(new byte[] {9, 9, 9}).put(bytes).position(3);
    ByteBuffer readOnly =
        ByteBuffer.wrap(new byte[3 + bytes.length]).put(3, bytes).position(3).asReadOnlyBuffer();
    for (ByteBuffer in : List.of(direct, readOnly)) {
      assertAmfEquals(expected, format.reader(in).readAll());
      assertFalse(in.hasRemaining());
    }
    assertEquals(ByteOrder.LITTLE_ENDIAN, direct.order());
  }
}
