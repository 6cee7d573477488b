package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfFixture.both;
import static io.rtmpt.engine.amf.AmfFixture.bothAll;
import static io.rtmpt.engine.amf.AmfFixture.decodeOnly;
import static io.rtmpt.engine.amf.AmfFixture.encodeOnly;
import static io.rtmpt.engine.amf.AmfFixture.list;

import java.time.Instant;
import java.util.List;

/**
 * AMF3 wire fixtures, one comment per field; every marker of the AMF3 specification appears, with
 * references into all three tables and the U29 edge values.
 */
final class Amf3Fixtures {
  private Amf3Fixtures() {}

  static final String A_200 = "61".repeat(200);

  /** Stream metadata as an anonymous AMF3 object, as a Flash Player 10 encoder would send it. */
  static AmfFixture metadataObject() {
    return both(
        "metadata object",
        AmfObject.of(
            "width",
            1280,
            "height",
            720,
            "framerate",
            29.97,
            "stereo",
            true,
            "encoder",
            "Lavf60.16.100"),
        "0a 0b 01", // object, traits: dynamic, 0 sealed, inline; class name "" (anonymous)
        "0b 7769647468 04 8a00", // width: integer 1280 (2-byte U29)
        "0d 686569676874 04 8550", // height: integer 720
        "13 6672616d6572617465 05 403df851eb851eb8", // framerate: double 29.97
        "0d 73746572656f 03", // stereo: true
        "0f 656e636f646572 06 1b 4c61766636302e31362e313030", // encoder: "Lavf60.16.100"
        "01"); // empty string ends the dynamic members
  }

  static List<AmfFixture> all() {
    AmfDate date = new AmfDate(1.7e12);
    AmfObject empty = new AmfObject();
    AmfObject self = new AmfObject();
    self.put("self", self);
    List<Object> selfList = list();
    selfList.add(selfList);
    AmfEcmaArray mixed = AmfEcmaArray.of("a", 1);
    mixed.dense().add(2);
    AmfVector selfVector = new AmfVector(AmfVector.Kind.OBJECT, false, "", new AmfList());
    selfVector.values().add(selfVector);
    return List.of(
        both("undefined", AmfUndefined.INSTANCE, "00"),
        both("null", null, "01"),
        both("false", false, "02"),
        both("true", true, "03"),
        both("integer 0", 0, "04 00"), // integer marker, 1-byte U29
        both("integer 127", 127, "04 7f"), // largest 1-byte U29
        both("integer 128", 128, "04 8100"), // smallest 2-byte U29
        both("integer 16383", 16383, "04 ff7f"), // largest 2-byte U29
        both("integer 16384", 16384, "04 818000"), // smallest 3-byte U29
        both("integer 2^21-1", (1 << 21) - 1, "04 ffff7f"), // largest 3-byte U29
        both(
            "integer 2^21", 1 << 21, "04 80c08000"), // smallest 4-byte U29: 8 bits in the last byte
        both("integer 2^28-1", (1 << 28) - 1, "04 bfffffff"), // largest integer
        both("integer -1", -1, "04 ffffffff"), // 29-bit two's complement
        both("integer -2^28", -(1 << 28), "04 c0808000"), // smallest integer
        decodeOnly("integer in a long u29 form", 0, "04 8000"), // a needless continuation byte
        encodeOnly("integer 2^28 as double", 1 << 28, "05 41b0000000000000"), // out of 29-bit range
        encodeOnly("long as integer", 5L, "04 05"),
        encodeOnly("short as integer", (short) 5, "04 05"),
        encodeOnly("byte as integer", (byte) 5, "04 05"),
        encodeOnly("float as double", 1.5f, "05 3ff8000000000000"),
        both("double 1.5", 1.5, "05 3ff8000000000000"), // double marker, DOUBLE
        both("double 1 stays a double", 1.0, "05 3ff0000000000000"),
        both("empty string", "", "06 01"), // string marker, U29 length 0 | 1
        both("string", "hello", "06 0b 68656c6c6f"), // length 5: (5 << 1) | 1
        both("string of 200 bytes", "a".repeat(200), "06 8311", A_200), // 2-byte U29 length
        bothAll(
            "string references",
            list("hi", "hi", "", ""),
            "06 05 6869", // "hi" by value: string table index 0
            "06 00", // reference 0: (0 << 1) | 0
            "06 01", // the empty string is never sent by reference
            "06 01"),
        both("xml document", new AmfXmlDocument("<a/>"), "07 09 3c612f3e"), // U29 length 4
        both("date", date, "08 01 4278bcfe56800000"), // U29 flag 1, DOUBLE ms
        encodeOnly(
            "instant as date", Instant.ofEpochMilli(1_700_000_000_000L), "08 01 4278bcfe56800000"),
        both(
            "date reference",
            list(date, date),
            "09 05 01", // array (object index 0) of 2 dense, no associative part
            "08 01 4278bcfe56800000", // the date by value: object index 1
            "08 02"), // reference 1: (1 << 1) | 0
        both("empty array", list(), "09 01 01"), // dense count 0, empty associative part
        both(
            "dense array",
            list(1, "a"),
            "09 05", // array, dense count 2
            "01", // no associative part
            "04 01", // 1
            "06 03 61"), // "a"
        both(
            "array with associative part",
            mixed,
            "09 03", // array, dense count 1
            "03 61 04 01", // a: 1
            "01", // end of associative part
            "04 02"), // dense value 2
        both(
            "array containing itself",
            selfList,
            "09 03 01 09 00"), // dense value: object reference 0
        both(
            "anonymous object",
            AmfObject.of("a", 1),
            "0a 0b", // object, traits inline: 0b1011 = dynamic, 0 sealed
            "01", // class name "" (anonymous)
            "03 61 04 01", // dynamic member a: 1
            "01"), // end of dynamic members
        both(
            "anonymous objects reuse traits and strings",
            list(AmfObject.of("a", 1), AmfObject.of("a", 2)),
            "09 05 01", // array of 2
            "0a 0b 01 03 61 04 01 01", // {a: 1}: traits index 0, string "a" index 0
            "0a 01", // traits reference 0: (0 << 2) | 0b01
            "00 04 02", // member name: string reference 0, value 2
            "01"),
        both(
            "sealed typed object",
            AmfObject.typed("Foo", "x", 1, "y", 2),
            "0a 23", // traits inline: 0b0011 = sealed, not dynamic; 2 sealed members << 4
            "07 466f6f", // class name "Foo"
            "03 78 03 79", // sealed member names x, y
            "04 01 04 02"), // sealed values
        both(
            "typed objects reuse traits",
            list(AmfObject.typed("Foo", "x", 1, "y", 2), AmfObject.typed("Foo", "x", 3, "y", 4)),
            "09 05 01", // array of 2
            "0a 23 07 466f6f 03 78 03 79 04 01 04 02", // Foo{x: 1, y: 2}: traits index 0
            "0a 01", // traits reference 0
            "04 03 04 04"), // sealed values only
        decodeOnly(
            "typed dynamic object",
            AmfObject.typed("Bar", "s", 1, "d", 2),
            "0a 1b", // traits inline: 0b1011 = dynamic, 1 sealed member
            "07 426172", // class name "Bar"
            "03 73", // sealed member name s
            "04 01", // s: 1
            "03 64 04 02", // dynamic member d: 2
            "01"),
        decodeOnly(
            "anonymous sealed object",
            AmfObject.of("s", 1),
            "0a 13 01", // sealed, 1 member, class name ""
            "03 73 04 01"), // s: 1
        both(
            "anonymous object with an empty member name goes sealed",
            AmfObject.of("", 1),
            "0a 13 01", // sealed, 1 member, class name ""
            "01 04 01"), // member name "", value 1
        both(
            "object reference",
            list(empty, empty),
            "09 05 01", // array (object index 0)
            "0a 0b 01 01", // {} (object index 1)
            "0a 02"), // reference 1
        both(
            "object containing itself",
            self,
            "0a 0b 01", // object (index 0)
            "09 73656c66 0a 00", // self: object reference 0
            "01"),
        both("xml", new AmfXml("<a/>"), "0b 09 3c612f3e"),
        both("byte array", new byte[] {1, 2, 3}, "0c 07 010203"), // U29 length 3
        both("empty byte array", new byte[0], "0c 01"),
        both(
            "int vector",
            AmfVector.ofInts(1, -1),
            "0d 05 00", // count 2, not fixed
            "00000001 ffffffff"), // S32 elements
        both("uint vector", AmfVector.ofUints(0xFFFFFFFFL), "0e 03 00 ffffffff"), // U32 elements
        both(
            "fixed double vector",
            new AmfVector(AmfVector.Kind.DOUBLE, true, null, list(1.5)),
            "0f 03 01", // count 1, fixed
            "3ff8000000000000"),
        both(
            "object vector",
            AmfVector.ofObjects("Foo", "a", 1),
            "10 05 00", // count 2, not fixed
            "07 466f6f", // element type name "Foo"
            "06 03 61 04 01"), // "a", 1
        both("object vector containing itself", selfVector, "10 03 00 01 10 00"),
        both(
            "dictionary",
            new AmfDictionary(true).add("k", 1).add(1, "v"),
            "11 05 01", // dictionary of 2, weak keys
            "06 03 6b 04 01", // "k" => 1
            "04 01 06 03 76"), // 1 => "v"
        metadataObject());
  }
}
