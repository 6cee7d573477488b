package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Amf0Reader behaviour beyond the fixture table: errors with their exact text, identity, limits.
 */
class Amf0ReaderTest {
  private static List<Object> readAll(String... hex) throws AmfException {
    return new Amf0Reader(ByteBuffer.wrap(Hex.decode(hex))).readAll();
  }

  private static String failure(String... hex) {
    return assertThrows(AmfException.class, () -> readAll(hex)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "12                          | unknown amf0 type marker 0x12 at offset 0",
        "00 3ff0000000000000 ff      | unknown amf0 type marker 0xff at offset 9",
        "04                          | unsupported amf0 type marker 0x04 at offset 0", // movieclip
        "0d                          | unsupported amf0 type marker 0x0d at offset 0",
        "0e                          | unsupported amf0 type marker 0x0e at offset 0", // recordset
        "09                          | unexpected amf0 object-end marker at offset 0",
        "03 0001 61 09               | unexpected amf0 object-end marker at offset 4",
        "00 3ff0                     | truncated amf0 value at offset 1",
        "0b 4278bcfe56800000 fe      | truncated amf0 value at offset 9", // date without its time
        // zone
        "02 0005 6869                | amf0 string length 5 exceeds remaining 2 bytes at offset 1",
        "03 0010 61                  | amf0 key length 16 exceeds remaining 1 bytes at offset 1",
        "10 0100                     | amf0 class name length 256 exceeds remaining 0 bytes at"
            + " offset 1",
        "0c 00011170 000102030405060708090a0b | amf0 long string length 70000 exceeds remaining 12"
            + " bytes at offset 1",
        "0f ffffffff                 | amf0 xml document length 4294967295 exceeds remaining 0"
            + " bytes at offset 1",
        "0a ffffffff 050505          | amf0 strict array count 4294967295 exceeds remaining 3 bytes"
            + " at offset 1",
        "07 0000                     | amf0 reference 0 not in table of 0 at offset 1",
        "0a 00000001 07 0001         | amf0 reference 1 not in table of 1 at offset 6",
        "11                          | truncated amf3 value at offset 1", // AVM+ switch with
        // nothing after it
        "11 12                       | unknown amf3 type marker 0x12 at offset 1",
        "11 0a 07 43 666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e"
            + " | externalizable class flex.messaging.io.ArrayCollection is not supported",
      })
  void malformedInputFailsWithAnExactMessage(String hex, String message) {
    assertEquals(message, failure(hex));
  }

  @Test
  void emptyInputReadsNoValuesButReadFails() throws AmfException {
    assertEquals(List.of(), readAll());
    AmfException e =
        assertThrows(AmfException.class, () -> new Amf0Reader(ByteBuffer.allocate(0)).read());
    assertEquals("truncated amf0 value at offset 0", e.getMessage());
  }

  @Test
  void offsetsCountFromWhereTheReaderStarted() {
    ByteBuffer in = ByteBuffer.wrap(Hex.decode("ffffff 05 12"));
    in.position(3);
    Amf0Reader reader = new Amf0Reader(in);
    AmfException e = assertThrows(AmfException.class, reader::readAll);
    assertEquals("unknown amf0 type marker 0x12 at offset 1", e.getMessage());
  }

  @Test
  void readAfterAFailureIsRefused() {
    Amf0Reader reader = new Amf0Reader(ByteBuffer.wrap(Hex.decode("12 05")));
    assertThrows(AmfException.class, reader::read);
    IllegalStateException e = assertThrows(IllegalStateException.class, reader::read);
    assertEquals(
        "amf0 reader failed earlier: unknown amf0 type marker 0x12 at offset 0", e.getMessage());
  }

  @Test
  void readerStopsAtTheBufferLimitAndFollowsItsPosition() throws AmfException {
    ByteBuffer in = ByteBuffer.wrap(Hex.decode("05 06 01 01"));
    in.limit(2);
    Amf0Reader reader = new Amf0Reader(in);
    assertNull(reader.read());
    in.position(0); // the caller may move the position between reads
    assertNull(reader.read());
    assertEquals(AmfUndefined.INSTANCE, reader.read());
    assertEquals(false, reader.hasRemaining());
    assertEquals(2, in.position());
  }

  @Test
  void referenceResolvesToTheSameInstance() throws AmfException {
    List<?> values = (List<?>) readAll("0a 00000002", "03 0000 09", "07 0001").get(0);
    assertSame(values.get(0), values.get(1));
  }

  @Test
  void objectMayContainItself() throws AmfException {
    AmfObject object = (AmfObject) readAll("03 0004 73656c66 07 0000 0000 09").get(0);
    assertSame(object, object.get("self"));
    assertEquals("{self=<cycle>}", object.toString());
  }

  @Test
  void referencesSpanTopLevelValues() throws AmfException {
    List<Object> values = readAll("03 0000 09", "07 0000");
    assertSame(values.get(0), values.get(1));
  }

  @Test
  void typedObjectKeepsItsClassNameAsAStringWithoutLoadingIt() throws AmfException {
    String className = Tripwire.class.getName();
    byte[] name = className.getBytes(StandardCharsets.UTF_8);
    AmfObject object =
        (AmfObject)
            new Amf0Reader(
                    ByteBuffer.wrap(
                        Hex.decode(
                            "10", String.format("%04x", name.length), Hex.encode(name), "0000 09")))
                .read();
    assertEquals(className, object.className());
    assertNull(System.getProperty(Tripwire.PROPERTY), "the class named by the input was loaded");
  }

  /** Records its own initialisation: the reader must never load a class named by its input. */
  static final class Tripwire {
    static final String PROPERTY = "io.rtmpt.engine.amf.tripwire";

    static {
      System.setProperty(PROPERTY, "loaded");
    }
  }

  @Test
  void nestingUpToTheLimitReadsAndOneLevelMoreFails() throws AmfException {
    assertEquals(64, depthOf(readAll(nestedArrays(64))));
    assertEquals("amf nesting deeper than 64", failure(nestedArrays(65)));
  }

  @Test
  void nestingCountsAcrossTheAvmPlusSwitch() throws AmfException {
    String amf0 = "0a00000001".repeat(63);
    assertEquals(64, depthOf(readAll(amf0, "11 09 01 01")));
    assertEquals("amf nesting deeper than 64", failure(amf0, "11 09 03 01 09 01 01"));
  }

  static String nestedArrays(int depth) {
    return "0a00000001".repeat(depth - 1) + "0a00000000";
  }

  static int depthOf(List<Object> values) {
    int depth = 0;
    Object v = values.get(0);
    while (v instanceof List<?> list) {
      depth++;
      v = list.isEmpty() ? null : list.get(0);
    }
    return depth;
  }

  @Test
  void dateKeepsTheTimeZoneFieldItWasSent() throws AmfException {
    AmfDate date = (AmfDate) readAll("0b 4278bcfe56800000 fe20").get(0);
    assertEquals(new AmfDate(1.7e12, -480), date);
  }

  @Test
  void avmPlusValuesShareStringsObjectsAndTraitsForTheLifeOfTheReader() throws AmfException {
    List<Object> values =
        readAll(
            "11 0a 0b 01 03 61 04 01 01", // AMF3 {a: 1}: object 0, traits 0, string "a" 0
            "11 0a 01 00 04 02 01", // traits reference 0, member name string reference 0
            "11 0a 00"); // object reference 0
    assertEquals(List.of(AmfObject.of("a", 1), AmfObject.of("a", 2), AmfObject.of("a", 1)), values);
    assertSame(values.get(0), values.get(2));
    assertTrue(values.get(0) instanceof AmfObject);
  }
}
