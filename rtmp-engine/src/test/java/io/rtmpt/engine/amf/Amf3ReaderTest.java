package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.Amf0ReaderTest.depthOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amf3Reader behaviour beyond the fixture table: errors with their exact text, tables, limits. */
class Amf3ReaderTest {
  private static List<Object> readAll(String... hex) throws AmfException {
    return new Amf3Reader(ByteBuffer.wrap(Hex.decode(hex))).readAll();
  }

  private static String failure(String... hex) {
    return assertThrows(AmfException.class, () -> readAll(hex)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "12                 | unknown amf3 type marker 0x12 at offset 0",
        "01 ff              | unknown amf3 type marker 0xff at offset 1",
        "04 ff ff ff        | truncated amf3 value at offset 4", // U29 needs a fourth byte
        "05 3ff8            | truncated amf3 value at offset 1",
        "06 0b 6869         | amf3 string length 5 exceeds remaining 2 bytes at offset 1",
        "06 00              | amf3 string reference 0 not in table of 0 at offset 1",
        "06 05 6869 06 02   | amf3 string reference 1 not in table of 1 at offset 5",
        "06 01 06 00        | amf3 string reference 0 not in table of 0 at offset 3", // "" is never
        // in the
        // table
        "07 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "08 02              | amf3 object reference 1 not in table of 0 at offset 1",
        "09 01 01 09 02     | amf3 object reference 1 not in table of 1 at offset 4",
        "0a 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "0b 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "0c 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "0d 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "11 00              | amf3 object reference 0 not in table of 0 at offset 1",
        "0a 01              | amf3 traits reference 0 not in table of 0 at offset 1",
        "0a 07 07 466f6f    | externalizable class Foo is not supported",
        "0a ff ff ff f3     | amf3 sealed member count 33554431 exceeds remaining 0 bytes at offset"
            + " 1",
        "09 ff ff ff ff 01 01 01 | amf3 array dense count 268435455 exceeds remaining 3 bytes at"
            + " offset 1",
        "09 03 03 61 04 01 01    | truncated amf3 value at offset 7", // assoc read, dense value
        // missing
        "0c 0b 0102         | amf3 byte array length 5 exceeds remaining 2 bytes at offset 1",
        "07 0b 3c61         | amf3 xml document length 5 exceeds remaining 2 bytes at offset 1",
        "0b 0b 3c61         | amf3 xml length 5 exceeds remaining 2 bytes at offset 1",
        "0d 09 00 00000001  | amf3 int vector count 4 needs 16 bytes, 4 remain at offset 1",
        "0e 05 00 00000001  | amf3 uint vector count 2 needs 8 bytes, 4 remain at offset 1",
        "0f 03 00 3ff8      | amf3 double vector count 1 needs 8 bytes, 2 remain at offset 1",
        "10 07 00 01 04 01  | amf3 object vector count 3 exceeds remaining 2 bytes at offset 1",
        "11 07 00 04 01     | amf3 dictionary count 3 needs 6 bytes, 2 remain at offset 1",
      })
  void malformedInputFailsWithAnExactMessage(String hex, String message) {
    assertEquals(message, failure(hex));
  }

  @Test
  void externalizableObjectFailsNamingItsClass() {
    assertEquals(
        "externalizable class flex.messaging.io.ArrayCollection is not supported",
        failure("0a 07 43 666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e"));
  }

  @Test
  void readAfterAFailureIsRefused() {
    Amf3Reader reader = new Amf3Reader(ByteBuffer.wrap(Hex.decode("12 01")));
    assertThrows(AmfException.class, reader::read);
    IllegalStateException e = assertThrows(IllegalStateException.class, reader::read);
    assertEquals(
        "amf3 reader failed earlier: unknown amf3 type marker 0x12 at offset 0", e.getMessage());
  }

  @Test
  void referencesSpanTopLevelValuesAndResolveToTheSameInstance() throws AmfException {
    List<Object> values = readAll("0c 03 ff", "0c 00", "09 01 01", "09 02");
    assertSame(values.get(0), values.get(1));
    assertSame(values.get(2), values.get(3));
  }

  @Test
  void objectReferenceMayNameAnObjectOfAnotherMarker() throws AmfException {
    // The marker says date, the reference says object 0, a byte array: the reference wins.
    List<Object> values = readAll("0c 03 ff", "08 00");
    assertSame(values.get(0), values.get(1));
  }

  @Test
  void sealedMemberNamesAndClassNamesEnterTheStringTable() throws AmfException {
    List<Object> values =
        readAll(
            "0a 13 07 466f6f 03 78 04 01", // Foo{x: 1}: strings "Foo" 0, "x" 1
            "06 00", // string reference 0
            "06 02"); // string reference 1
    assertEquals(List.of(AmfObject.typed("Foo", "x", 1), "Foo", "x"), values);
  }

  @Test
  void traitsReferenceReusesSealedNamesAndTheDynamicFlag() throws AmfException {
    List<Object> values =
        readAll(
            "0a 1b 07 426172 03 73 04 01 01", // Bar, dynamic, sealed s: {s: 1}
            "0a 01 04 02 03 64 04 03 01"); // traits reference 0: sealed s = 2, dynamic d = 3
    assertEquals(
        List.of(AmfObject.typed("Bar", "s", 1), AmfObject.typed("Bar", "s", 2, "d", 3)), values);
  }

  @Test
  void traitsClassNameIsKeptAsAStringWithoutLoadingIt() throws AmfException {
    byte[] name = Amf0ReaderTest.Tripwire.class.getName().getBytes(StandardCharsets.UTF_8);
    String length =
        String.format("%02x", name.length << 1 | 1); // a 1-byte U29 for names under 64 bytes
    AmfObject object =
        (AmfObject) readAll("0a 03", length, Hex.encode(name)).get(0); // sealed, no members
    assertEquals(Amf0ReaderTest.Tripwire.class.getName(), object.className());
    assertNull(
        System.getProperty(Amf0ReaderTest.Tripwire.PROPERTY),
        "the class named by the input was loaded");
  }

  @Test
  void nestingUpToTheLimitReadsAndOneLevelMoreFails() throws AmfException {
    assertEquals(64, depthOf(readAll("090301".repeat(63) + "090101")));
    assertEquals("amf nesting deeper than 64", failure("090301".repeat(64) + "090101"));
    assertEquals("amf nesting deeper than 64", failure("0a0b01 0361".repeat(64) + "0a0b0101"));
  }

  @Test
  void referenceAtTheDepthLimitIsNotNesting() throws AmfException {
    // 64 nested arrays, the innermost holding a reference rather than a 65th array.
    List<?> outermost = (List<?>) readAll("090301".repeat(64) + "0900").get(0);
    List<?> innermost = outermost;
    for (int i = 1; i < 64; i++) {
      innermost = (List<?>) innermost.get(0);
    }
    assertSame(outermost, innermost.get(0));
  }
}
