package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfFixture.both;
import static io.rtmpt.engine.amf.AmfFixture.bothAll;
import static io.rtmpt.engine.amf.AmfFixture.decodeOnly;
import static io.rtmpt.engine.amf.AmfFixture.decodeOnlyAll;
import static io.rtmpt.engine.amf.AmfFixture.encodeOnly;
import static io.rtmpt.engine.amf.AmfFixture.list;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AMF0 wire fixtures, one comment per field; every marker of the AMF0 specification appears. */
final class Amf0Fixtures {
  private Amf0Fixtures() {}

  static final String A_65535 = "61".repeat(65535);
  static final String A_65536 = "61".repeat(65536);

  /** The command ffmpeg sends first when it publishes to rtmp://127.0.0.1:1935/live. */
  static AmfFixture connectCommand() {
    return bothAll(
        "ffmpeg connect command",
        list(
            "connect",
            1.0,
            AmfObject.of(
                "app", "live",
                "type", "nonprivate",
                "flashVer", "FMLE/3.0 (compatible; FMSc/1.0)",
                "tcUrl", "rtmp://127.0.0.1:1935/live")),
        "02 0007 636f6e6e656374", // string "connect"
        "00 3ff0000000000000", // number 1: transaction id
        "03", // object
        "0003 617070 02 0004 6c697665", // app: "live"
        "0004 74797065 02 000a 6e6f6e70726976617465", // type: "nonprivate"
        "0008 666c617368566572 02 001f"
            + " 464d4c452f332e302028636f6d70617469626c653b20464d53632f312e3029",
        // ^ flashVer: "FMLE/3.0 (compatible; FMSc/1.0)"
        "0005 746355726c 02 001a 72746d703a2f2f3132372e302e302e313a313933352f6c697665",
        // ^ tcUrl: "rtmp://127.0.0.1:1935/live"
        "0000 09"); // empty key, object end
  }

  /** The data message ffmpeg sends after publish: @setDataFrame, onMetaData, ECMA array. */
  static AmfFixture onMetaData() {
    return bothAll(
        "ffmpeg onMetaData",
        list(
            "@setDataFrame",
            "onMetaData",
            AmfEcmaArray.of(
                "duration", 0.0,
                "width", 1280.0,
                "height", 720.0,
                "videodatarate", 2500.0,
                "framerate", 30.0,
                "videocodecid", 7.0,
                "audiodatarate", 128.0,
                "audiosamplerate", 44100.0,
                "audiosamplesize", 16.0,
                "stereo", true,
                "audiocodecid", 10.0,
                "encoder", "Lavf60.16.100",
                "filesize", 0.0)),
        "02 000d 40736574446174614672616d65", // string "@setDataFrame"
        "02 000a 6f6e4d65746144617461", // string "onMetaData"
        "08 0000000d", // ecma array, 13 entries
        "0008 6475726174696f6e 00 0000000000000000", // duration: 0
        "0005 7769647468 00 4094000000000000", // width: 1280
        "0006 686569676874 00 4086800000000000", // height: 720
        "000d 766964656f6461746172617465 00 40a3880000000000", // videodatarate: 2500
        "0009 6672616d6572617465 00 403e000000000000", // framerate: 30
        "000c 766964656f636f6465636964 00 401c000000000000", // videocodecid: 7 (AVC)
        "000d 617564696f6461746172617465 00 4060000000000000", // audiodatarate: 128
        "000f 617564696f73616d706c6572617465 00 40e5888000000000", // audiosamplerate: 44100
        "000f 617564696f73616d706c6573697a65 00 4030000000000000", // audiosamplesize: 16
        "0006 73746572656f 01 01", // stereo: true
        "000c 617564696f636f6465636964 00 4024000000000000", // audiocodecid: 10 (AAC)
        "0007 656e636f646572 02 000d 4c61766636302e31362e313030", // encoder: "Lavf60.16.100"
        "0008 66696c6573697a65 00 0000000000000000", // filesize: 0
        "0000 09"); // empty key, object end
  }

  static List<AmfFixture> all() {
    AmfObject shared = AmfObject.of("a", 1.0);
    AmfObject self = new AmfObject();
    self.put("self", self);
    List<Object> selfList = list();
    selfList.add(selfList);
    Map<String, Object> plainMap = new LinkedHashMap<>();
    plainMap.put("k", "v");
    return List.of(
        both("number 0", 0.0, "00 0000000000000000"), // number marker, DOUBLE
        both("number 1.5", 1.5, "00 3ff8000000000000"),
        both("number -0", -0.0, "00 8000000000000000"),
        both("number max", Double.MAX_VALUE, "00 7fefffffffffffff"),
        both("number nan", Double.NaN, "00 7ff8000000000000"),
        encodeOnly("integer as number", 42, "00 4045000000000000"), // Integer goes out as a double
        encodeOnly("long as number", 42L, "00 4045000000000000"),
        both("boolean true", true, "01 01"), // boolean marker, U8
        both("boolean false", false, "01 00"),
        decodeOnly("boolean non-zero is true", true, "01 7f"),
        both("empty string", "", "02 0000"), // string marker, U16 length 0
        both("string", "live", "02 0004 6c697665"),
        both("string utf-8", "ñ€😀", "02 0009 c3b1 e282ac f09f9880"), // 2-, 3- and 4-byte sequences
        decodeOnly("string malformed utf-8", "a\ufffd", "02 0002 61 ff"), // lenient: U+FFFD
        both(
            "string of 65535 bytes",
            "a".repeat(65535),
            "02 ffff",
            A_65535), // the longest short string
        both("long string of 65536 bytes", "a".repeat(65536), "0c 00010000", A_65536), // U32 length
        decodeOnly("long string short content", "hi", "0c 00000002 6869"),
        both("empty object", new AmfObject(), "03 0000 09"), // object marker, empty key, object end
        both(
            "object",
            AmfObject.of("app", "live", "n", 2.0),
            "03", // object
            "0003 617070 02 0004 6c697665", // app: "live"
            "0001 6e 00 4000000000000000", // n: 2
            "0000 09"), // end
        both(
            "object member with empty name",
            AmfObject.of("", null),
            "03", // object
            "0000 05", // "": null (an empty key not followed by 0x09 is a member)
            "0000 09"), // end
        encodeOnly("plain map as object", plainMap, "03 0001 6b 02 0001 76 0000 09"),
        both(
            "nested object",
            AmfObject.of("o", AmfObject.of("x", null)),
            "03 0001 6f", // object, key "o"
            "03 0001 78 05 0000 09", // {x: null}
            "0000 09"),
        both("null", null, "05"),
        both("undefined", AmfUndefined.INSTANCE, "06"),
        both(
            "reference to an earlier object",
            list(shared, shared),
            "0a 00000002", // strict array of 2: reference index 0
            "03 0001 61 00 3ff0000000000000 0000 09", // {a: 1}: reference index 1
            "07 0001"), // reference marker, U16 index 1
        both(
            "object containing itself",
            self,
            "03 0004 73656c66", // object (index 0), key "self"
            "07 0000", // reference to index 0
            "0000 09"),
        both("strict array containing itself", selfList, "0a 00000001 07 0000"),
        both(
            "ecma array",
            AmfEcmaArray.of("a", 1.0, "b", true),
            "08 00000002", // ecma array marker, U32 count 2
            "0001 61 00 3ff0000000000000", // a: 1
            "0001 62 01 01", // b: true
            "0000 09"),
        both("empty ecma array", new AmfEcmaArray(), "08 00000000 0000 09"),
        decodeOnly(
            "ecma array with a wrong count",
            AmfEcmaArray.of("a", 1.0),
            "08 00000000", // count 0 is ignored: the end marker ends the array
            "0001 61 00 3ff0000000000000",
            "0000 09"),
        encodeOnly(
            "ecma array dense part as index keys",
            denseEcma(),
            "08 00000002", // 1 dense + 1 associative
            "0001 30 02 0001 78", // "0": "x"
            "0001 6b 05", // k: null
            "0000 09"),
        both("empty strict array", list(), "0a 00000000"), // strict array marker, U32 count 0
        both(
            "strict array",
            list(1.0, "x", null),
            "0a 00000003", // count 3
            "00 3ff0000000000000", // 1
            "02 0001 78", // "x"
            "05"), // null
        encodeOnly("object array as strict array", new Object[] {true}, "0a 00000001 01 01"),
        both("date", new AmfDate(1.7e12), "0b 4278bcfe56800000 0000"), // DOUBLE ms, S16 time zone 0
        decodeOnly("date with a time zone", new AmfDate(1.7e12, -480), "0b 4278bcfe56800000 fe20"),
        encodeOnly(
            "instant as date",
            Instant.ofEpochMilli(1_700_000_000_000L),
            "0b 4278bcfe56800000 0000"),
        encodeOnly(
            "java.util.Date as date", new Date(1_700_000_000_000L), "0b 4278bcfe56800000 0000"),
        both("xml document", new AmfXmlDocument("<a/>"), "0f 00000004 3c612f3e"), // U32 length
        both(
            "typed object",
            AmfObject.typed("Foo", "x", 2.0),
            "10 0003 466f6f", // typed object marker, class name "Foo"
            "0001 78 00 4000000000000000", // x: 2
            "0000 09"),
        both("typed object with empty class name", new AmfObject(""), "10 0000 0000 09"),
        decodeOnly("avm+ integer", 5, "11 04 05"), // switch to AMF3 for one value: integer 5
        both("avm+ byte array", new byte[] {1, 2, 3}, "11 0c 07 010203"), // byte[] needs AMF3
        both("avm+ xml", new AmfXml("<a/>"), "11 0b 09 3c612f3e"),
        both("avm+ int vector", AmfVector.ofInts(1), "11 0d 03 00 00000001"),
        both(
            "avm+ dictionary",
            new AmfDictionary().add("k", 1),
            "11 11 03 00", // dictionary of 1, weak keys off
            "06 03 6b", // key "k"
            "04 01"), // value integer 1
        decodeOnlyAll(
            "avm+ values share one amf3 context",
            list("hi", "hi"),
            "11 06 05 6869", // AMF3 string "hi" (string table index 0)
            "11 06 00"), // AMF3 string reference 0
        connectCommand(),
        onMetaData());
  }

  private static AmfEcmaArray denseEcma() {
    AmfEcmaArray array = AmfEcmaArray.of("k", null);
    array.dense().add("x");
    return array;
  }
}
