package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfAssertions.assertAmfEquals;
import static io.rtmpt.engine.amf.AmfFixture.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Amf0Writer and Amf3Writer beyond the fixture table: refusals, references, limits. */
class AmfWriterTest {
  private static String amf0Failure(Object value) {
    return assertThrows(IllegalArgumentException.class, () -> new Amf0Writer().write(value))
        .getMessage();
  }

  private static String amf3Failure(Object value) {
    return assertThrows(IllegalArgumentException.class, () -> new Amf3Writer().write(value))
        .getMessage();
  }

  @Test
  void unsupportedJavaTypesAreRefused() {
    assertEquals("unsupported amf0 value type java.lang.Object", amf0Failure(new Object()));
    assertEquals(
        "unsupported amf3 value type java.lang.Thread", amf3Failure(Thread.currentThread()));
    assertEquals("unsupported amf0 value type java.lang.Character", amf0Failure(List.of('c')));
  }

  @Test
  void writerRefusesFurtherWritesAfterAFailure() {
    Amf0Writer amf0 = new Amf0Writer();
    assertThrows(IllegalArgumentException.class, () -> amf0.write(new Object()));
    assertEquals(
        "amf0 writer failed on an earlier value",
        assertThrows(IllegalStateException.class, () -> amf0.write(1.0)).getMessage());
    Amf3Writer amf3 = new Amf3Writer();
    assertThrows(IllegalArgumentException.class, () -> amf3.write(new Object()));
    assertEquals(
        "amf3 writer failed on an earlier value",
        assertThrows(IllegalStateException.class, () -> amf3.write(1.0)).getMessage());
  }

  @Test
  void keysMustBeStringsThatFitTheirLengthField() {
    assertEquals("amf0 key is not a string: 1", amf0Failure(Map.of(1, "x")));
    assertEquals("amf3 object key is not a string: 1", amf3Failure(Map.of(1, "x")));
    assertEquals(
        "amf0 key of 65536 utf-8 bytes exceeds 65535",
        amf0Failure(AmfObject.of("a".repeat(65536), 1)));
    assertEquals(
        "amf0 class name of 65536 utf-8 bytes exceeds 65535",
        amf0Failure(new AmfObject("é".repeat(32768))));
    assertEquals("amf3 array key is empty or not a string: ", amf3Failure(AmfEcmaArray.of("", 1)));
  }

  @Test
  void vectorElementsMustFitTheirKind() {
    AmfVector ints = new AmfVector(AmfVector.Kind.INT, false, null, list(1L << 31));
    assertEquals(
        "vector element 2147483648 is not an integer in [-2147483648, 2147483647]",
        amf3Failure(ints));
    AmfVector uints = new AmfVector(AmfVector.Kind.UINT, false, null, list(-1));
    assertEquals("vector element -1 is not an integer in [0, 4294967295]", amf3Failure(uints));
    AmfVector fraction = new AmfVector(AmfVector.Kind.INT, false, null, list(1.5));
    assertEquals(
        "vector element 1.5 is not an integer in [-2147483648, 2147483647]", amf3Failure(fraction));
    AmfVector text = new AmfVector(AmfVector.Kind.DOUBLE, false, null, list("1"));
    assertEquals("vector element is not a number: 1", amf3Failure(text));
  }

  @Test
  void nestingUpToTheLimitWritesAndOneLevelMoreFails() {
    assertEquals(
        Hex.decode(Amf0ReaderTest.nestedArrays(64)).length,
        new Amf0Writer().write(nested(64)).size());
    assertEquals("amf nesting deeper than 64", amf0Failure(nested(65)));
    assertEquals("amf nesting deeper than 64", amf3Failure(nested(65)));
    assertEquals(
        "amf nesting deeper than 64", amf0Failure(list(nestedDictionary(64)))); // across AVM+
  }

  private static List<Object> nested(int depth) {
    List<Object> outer = list();
    List<Object> inner = outer;
    for (int i = 1; i < depth; i++) {
      List<Object> next = list();
      inner.add(next);
      inner = next;
    }
    return outer;
  }

  private static AmfDictionary nestedDictionary(int depth) {
    AmfDictionary outer = new AmfDictionary();
    AmfDictionary inner = outer;
    for (int i = 1; i < depth; i++) {
      AmfDictionary next = new AmfDictionary();
      inner.add("k", next);
      inner = next;
    }
    return outer;
  }

  @Test
  void equalButDistinctObjectsAreNotSentByReference() {
    List<Object> twins = list(AmfObject.of("a", 1.0), AmfObject.of("a", 1.0));
    assertEquals(
        "0a00000002" + "03000161003ff0000000000000000009" + "03000161003ff0000000000000000009",
        Hex.encode(new Amf0Writer().write(twins).toByteArray()));
  }

  @Test
  void amf0ObjectsPastTheU16ReferenceRangeAreWrittenInlineAndLaterReferencesStillLineUp()
      throws AmfException {
    List<Object> objects = new ArrayList<>();
    for (int i = 0; i < 65_537; i++) {
      objects.add(new AmfObject()); // reference indices 1 to 65537; the list itself is 0
    }
    AmfObject early = (AmfObject) objects.get(4); // index 5
    AmfObject late = (AmfObject) objects.get(65_536); // index 65537: beyond a U16
    objects.add(late); // written inline again, and so index 65538 for the reader
    objects.add(early); // reference 5
    byte[] bytes = new Amf0Writer().write(objects).toByteArray();
    assertEquals("0a00010003", Hex.encode(bytes, 0, 5));
    assertEquals("030000090700" + "05", Hex.encode(bytes, bytes.length - 7, 7));
    List<?> read = (List<?>) new Amf0Reader(ByteBuffer.wrap(bytes)).read();
    assertSame(read.get(4), read.get(65_538));
    assertAmfEquals(objects, read);
  }

  @Test
  void amf3WriterSendsRepeatedStringsTraitsAndObjectsByReference() {
    AmfObject point = AmfObject.typed("Point", "x", 1, "y", 2);
    byte[] bytes =
        new Amf3Writer()
            .writeAll(point, AmfObject.typed("Point", "x", 3, "y", 4), point, "Point", "x")
            .toByteArray();
    assertEquals(
        "0a23"
            + "0b506f696e74"
            + "0378"
            + "0379"
            + "0401"
            + "0402" // Point{x: 1, y: 2}: object 0, traits 0
            + "0a01"
            + "0403"
            + "0404" // traits reference 0
            + "0a00" // object reference 0
            + "0600" // string reference 0: "Point"
            + "0602", // string reference 1: "x"
        Hex.encode(bytes));
  }

  @Test
  void typedObjectsWithOtherMembersGetNewTraits() {
    byte[] bytes =
        new Amf3Writer()
            .writeAll(AmfObject.typed("P", "x", 1), AmfObject.typed("P", "y", 1))
            .toByteArray();
    assertEquals(
        "0a13"
            + "0350"
            + "0378"
            + "0401" // P{x: 1}: traits index 0, strings "P" 0, "x" 1
            + "0a13"
            + "00"
            + "0379"
            + "0401", // P{y: 1}: new traits, class name by string reference
        Hex.encode(bytes));
  }

  @Test
  void instantsKeepTheirSubMillisecondPart() throws AmfException {
    Instant instant = Instant.ofEpochSecond(1, 500_000); // 1000.5 ms
    Object read =
        new Amf3Reader(ByteBuffer.wrap(new Amf3Writer().write(instant).toByteArray())).read();
    assertEquals(new AmfDate(1000.5), read);
    assertEquals(instant, ((AmfDate) read).toInstant());
  }

  @Test
  void writeAllAndSizeReportTheBytesSoFar() {
    Amf0Writer writer = new Amf0Writer();
    assertEquals(0, writer.size());
    assertEquals(10, writer.writeAll(null, 1.0).size());
    assertEquals("05003ff0000000000000", Hex.encode(writer.toByteArray()));
  }
}
