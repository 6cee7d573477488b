package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfFixture.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The value model: factories, equality, hashing and rendering, on cyclic and hostile graphs too.
 */
class AmfValuesTest {
  @Test
  void factoriesTakeKeyValuePairs() {
    assertEquals("{app=\"live\", n=1.0}", AmfObject.of("app", "live", "n", 1.0).toString());
    assertEquals("Foo{x=1}", AmfObject.typed("Foo", "x", 1).toString());
    assertEquals(
        "odd number of keys and values: 3",
        assertThrows(IllegalArgumentException.class, () -> AmfObject.of("a", 1, "b")).getMessage());
    assertEquals(
        "key 0 is not a string: 1",
        assertThrows(IllegalArgumentException.class, () -> AmfEcmaArray.of(1, "a")).getMessage());
  }

  @Test
  void everyKindRendersReadably() {
    AmfEcmaArray ecma = AmfEcmaArray.of("a", 2);
    ecma.dense().add(1);
    assertEquals("ecma[1]{a=2}", ecma.toString());
    assertEquals("ecma{}", new AmfEcmaArray().toString());
    assertEquals("vector<int>[1, 2]", AmfVector.ofInts(1, 2).toString());
    assertEquals(
        "fixed vector<double>[1.5]",
        new AmfVector(AmfVector.Kind.DOUBLE, true, null, list(1.5)).toString());
    assertEquals("vector<Foo>[null]", AmfVector.ofObjects("Foo", (Object) null).toString());
    assertEquals(
        "weak dictionary{\"k\" => 1, undefined => bytes[3:010203]}",
        new AmfDictionary(true)
            .add("k", 1)
            .add(AmfUndefined.INSTANCE, new byte[] {1, 2, 3})
            .toString());
    assertEquals(
        "[bytes[40:" + "00".repeat(32) + "…]]",
        new AmfList(list((Object) new byte[40])).toString());
  }

  @Test
  void objectsEqualOnlyObjectsOfTheSameClassName() {
    assertEquals(AmfObject.of("a", 1), AmfObject.of("a", 1));
    assertEquals(
        AmfObject.of("a", 1, "b", 2), AmfObject.of("b", 2, "a", 1)); // member order is not identity
    assertEquals(AmfObject.of("a", 1).hashCode(), AmfObject.of("a", 1).hashCode());
    assertNotEquals(AmfObject.of("a", 1), AmfObject.typed("Foo", "a", 1));
    assertNotEquals(AmfObject.of("a", 1), AmfEcmaArray.of("a", 1));
    assertNotEquals(AmfObject.of("a", 1), new HashMap<>(Map.of("a", 1)));
    assertNotEquals(AmfObject.of("a", 1), AmfObject.of("a", 1.0)); // Integer is not Double
    AmfEcmaArray withDense = AmfEcmaArray.of("a", 1);
    withDense.dense().add(0);
    assertNotEquals(AmfEcmaArray.of("a", 1), withDense);
  }

  @Test
  void decodedListsEqualAndHashLikeAnyList() throws AmfException {
    Object decoded =
        new Amf0Reader(ByteBuffer.wrap(Hex.decode("0a 00000002 00 3ff0000000000000 05"))).read();
    List<Object> expected = list(1.0, null);
    assertEquals(expected, decoded);
    assertEquals(decoded, expected);
    assertEquals(expected.hashCode(), decoded.hashCode());
  }

  @Test
  void byteArraysCompareByContent() {
    assertEquals(AmfObject.of("b", new byte[] {1}), AmfObject.of("b", new byte[] {1}));
    assertEquals(
        AmfObject.of("b", new byte[] {1}).hashCode(), AmfObject.of("b", new byte[] {1}).hashCode());
  }

  @Test
  void cyclicGraphsCompareHashAndRender() {
    AmfObject a = new AmfObject();
    a.put("self", a);
    AmfObject b = new AmfObject();
    b.put("self", b);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("{self=<cycle>}", a.toString());
    AmfObject c = new AmfObject();
    c.put("self", AmfObject.of("self", c)); // the same infinite tree, unrolled once more
    assertEquals(a, c);
    b.put("other", 1);
    assertNotEquals(a, b);

    AmfList list = new AmfList();
    AmfDictionary dictionary = new AmfDictionary().add(list, list);
    AmfVector vector = AmfVector.ofObjects("", list);
    list.add(dictionary);
    list.add(vector);
    assertEquals("[dictionary{<cycle> => <cycle>}, vector<>[<cycle>]]", list.toString());
    assertEquals(
        "dictionary{[<cycle>, vector<>[<cycle>]] => [<cycle>, vector<>[<cycle>]]}",
        dictionary.toString());
    assertEquals(list, new AmfList(list));
    assertEquals(vector.hashCode(), AmfVector.ofObjects("", list).hashCode());
  }

  /** Sixty arrays, each holding the previous one twice: 2^60 paths through 61 nodes. */
  private static List<Object> exponentialDag() throws AmfException {
    StringBuilder hex = new StringBuilder("0a00000000");
    for (int i = 1; i <= 60; i++) {
      hex.append(String.format("0a00000002 07%04x 07%04x", i - 1, i - 1));
    }
    List<Object> values = new Amf0Reader(ByteBuffer.wrap(Hex.decode(hex.toString()))).readAll();
    return values;
  }

  @Test
  void widelySharedGraphsCompareHashAndRenderInLinearTime() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          Object top = exponentialDag().get(60);
          Object again = exponentialDag().get(60);
          assertEquals(top, again);
          assertEquals(top.hashCode(), again.hashCode());
          String text = top.toString();
          assertEquals(AmfRenderer.LENGTH_LIMIT + 1, text.length());
          assertTrue(text.endsWith("…"));
        });
  }

  /**
   * Two hundred values, each sixty arrays deep, whose innermost array refers to the previous value:
   * within the nesting limit as read, but 12,000 levels deep to walk.
   */
  private static Object deepChain() throws AmfException {
    StringBuilder hex = new StringBuilder();
    int index = 0;
    for (int value = 0; value < 200; value++) {
      int root = index;
      hex.append("0a00000001".repeat(59));
      index += 59;
      hex.append(value == 0 ? "0a00000000" : String.format("0a00000001 07%04x", root - 60));
      index++;
    }
    List<Object> values = new Amf0Reader(ByteBuffer.wrap(Hex.decode(hex.toString()))).readAll();
    return values.get(values.size() - 1);
  }

  @Test
  void deeplyLinkedGraphsCompareHashAndRenderWithoutRecursingThroughTheLinks() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          Object last = deepChain();
          Object again = deepChain();
          assertEquals(last, again);
          assertEquals(last.hashCode(), again.hashCode());
          assertTrue(last.toString().contains("…"));
        });
  }

  @Test
  void datesConvertToAndFromInstants() {
    Instant instant = Instant.parse("2023-11-14T22:13:20.123456789Z");
    AmfDate date = AmfDate.of(instant);
    assertEquals(0, date.timeZone());
    assertEquals(instant.toEpochMilli(), (long) date.epochMillis());
    assertEquals(Instant.parse("1969-12-31T23:59:59.999Z"), new AmfDate(-1).toInstant());
    assertEquals(
        "amf date NaN is not a finite instant",
        assertThrows(DateTimeException.class, () -> new AmfDate(Double.NaN).toInstant())
            .getMessage());
    assertEquals(
        "time zone 32768 is not an s16",
        assertThrows(IllegalArgumentException.class, () -> new AmfDate(0, 32768)).getMessage());
  }

  @Test
  void vectorsCarryAnObjectTypeNameOnlyForObjectElements() {
    assertEquals("", new AmfVector(AmfVector.Kind.OBJECT, false, null, list()).objectTypeName());
    assertNull(AmfVector.ofInts().objectTypeName());
    assertEquals(
        "INT vector has no object type name: Foo",
        assertThrows(
                IllegalArgumentException.class,
                () -> new AmfVector(AmfVector.Kind.INT, false, "Foo", list()))
            .getMessage());
    assertEquals(0x0D, AmfVector.Kind.INT.marker());
  }

  @Test
  void dictionaryLooksUpTheFirstEqualKey() {
    AmfDictionary dictionary =
        new AmfDictionary().add(AmfObject.of("k", 1), "first").add(AmfObject.of("k", 1), "x");
    assertEquals("first", dictionary.get(AmfObject.of("k", 1)));
    assertNull(dictionary.get("missing"));
    assertEquals(2, dictionary.size());
    assertThrows(UnsupportedOperationException.class, () -> dictionary.entries().clear());
  }

  @Test
  void ecmaArrayCloneCopiesTheDensePart() {
    AmfEcmaArray array = AmfEcmaArray.of("a", 1);
    array.dense().add(2);
    AmfEcmaArray copy = array.clone();
    copy.dense().add(3);
    assertEquals(List.of(2), array.dense());
    assertEquals(List.of(2, 3), copy.dense());
  }

  @Test
  void undefinedIsNotNull() {
    assertEquals("undefined", AmfUndefined.INSTANCE.toString());
    assertNotEquals(AmfObject.of("a", null), AmfObject.of("a", AmfUndefined.INSTANCE));
  }
}
