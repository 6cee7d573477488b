package io.rtmpt.engine.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of (name, message, type id, body hex) drives both directions: every body decodes to its
 * message, every message encodes to its body (gortmplib's readWriterCases). Then the bodies that do
 * not fit their type, and the aggregate split.
 */
class MessageCodecTest {
  private static final String CONNECT_AMF0 =
      "02 0007 636f6e6e656374" // "connect"
          + " 00 3ff0000000000000" // transaction id 1
          + " 03 0003 617070 02 0004 6c697665 000009" // {app: "live"}
          + " 01 01"; // true

  /** One row: the message, and its type id and body on the wire. */
  record Case(String name, RtmpMessage message, int typeId, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("set chunk size", new SetChunkSize(4096), 1, "00001000"),
        new Case("abort", new Abort(5), 2, "00000005"),
        new Case("acknowledgement, u32", new Acknowledgement(0xFFFFFFFEL), 3, "fffffffe"),
        new Case("user control stream begin", UserControl.streamBegin(1), 4, "0000 00000001"),
        new Case("user control stream eof", UserControl.streamEof(1), 4, "0001 00000001"),
        new Case(
            "user control stream dry",
            new UserControl(UserControl.STREAM_DRY, 1, 0),
            4,
            "0002 00000001"),
        new Case(
            "user control set buffer length, stream 1, 3000 ms",
            new UserControl(UserControl.SET_BUFFER_LENGTH, 1, 3000),
            4,
            "0003 00000001 00000bb8"),
        new Case(
            "user control stream is recorded",
            new UserControl(UserControl.STREAM_IS_RECORDED, 1, 0),
            4,
            "0004 00000001"),
        new Case("user control ping request", UserControl.pingRequest(123456), 4, "0006 0001e240"),
        new Case("user control ping response", UserControl.pingResponse(7), 4, "0007 00000007"),
        new Case(
            "user control unknown event (SWF verify, 0x1a) keeps its first value",
            new UserControl(0x1A, 0x01020304L, 0),
            4,
            "001a 01020304"),
        new Case("window ack size", new WindowAckSize(2_500_000), 5, "002625a0"),
        new Case(
            "set peer bandwidth, dynamic",
            new SetPeerBandwidth(2_500_000, SetPeerBandwidth.DYNAMIC),
            6,
            "002625a0 02"),
        new Case("audio", new AudioData(Hex.decode("af01 0102")), 8, "af01 0102"),
        new Case("video", new VideoData(Hex.decode("1701 000000 65")), 9, "1701 000000 65"),
        new Case(
            "data amf3: format byte, then amf0",
            new DataMessage(List.of("onCuePoint", 1.0), true),
            15,
            "00 02 000a 6f6e437565506f696e74 00 3ff0000000000000"),
        new Case(
            "shared object amf3, opaque",
            new SharedObjectMessage(Hex.decode("00 0102"), true),
            16,
            "00 0102"),
        new Case(
            "command amf3: format byte, then amf0",
            new CommandMessage("connect", 1, AmfObject.of("app", "live"), List.of(true), true),
            17,
            "00 " + CONNECT_AMF0),
        new Case(
            "data amf0",
            DataMessage.of("onMetaData", 25.0),
            18,
            "02 000a 6f6e4d65746144617461 00 4039000000000000"),
        new Case(
            "shared object amf0, opaque",
            new SharedObjectMessage(Hex.decode("0102"), false),
            19,
            "0102"),
        new Case(
            "command amf0",
            new CommandMessage("connect", 1, AmfObject.of("app", "live"), List.of(true), false),
            20,
            CONNECT_AMF0),
        new Case(
            "command amf0 without arguments, null command object",
            CommandMessage.of("createStream", 2, null),
            20,
            "02 000c 63726561746553747265616d 00 4000000000000000 05"),
        new Case(
            "aggregate, opaque until split",
            new AggregateMessage(Hex.decode(tag(9, "1701", 0) + "00000000")),
            22,
            tag(9, "1701", 0) + "00000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesEachBodyToItsMessage(Case c) throws Exception {
    RtmpMessage decoded = MessageCodec.decode(new RawMessage(3, c.typeId(), 1, 0, body(c)));
    assertEquals(c.message().getClass(), decoded.getClass());
    assertEquals(c.message().type(), decoded.type());
    if (hasOpaquePayload(decoded)) {
      assertArrayEquals(c.message().encode(), decoded.encode());
    } else {
      assertEquals(c.message(), decoded);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void encodesEachMessageToItsBody(Case c) {
    RawMessage raw = MessageCodec.toRaw(c.message(), 3, 1, 40);
    assertEquals(c.typeId(), raw.messageTypeId());
    assertEquals(c.typeId(), c.message().type().code());
    assertEquals(Hex.encode(body(c)), Hex.encode(raw.payload()));
    assertEquals(new RawMessage(3, c.typeId(), 1, 40, body(c)), raw);
  }

  private static byte[] body(Case c) {
    return Hex.decode(c.body());
  }

  private static boolean hasOpaquePayload(RtmpMessage m) {
    return m instanceof AudioData
        || m instanceof VideoData
        || m instanceof SharedObjectMessage
        || m instanceof AggregateMessage;
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("unknown type", 7, "00", "unknown message type 7"),
        Arguments.of(
            "short set chunk size", 1, "0010", "set chunk size message of 2 bytes, expected 4"),
        Arguments.of(
            "short acknowledgement", 3, "000000", "acknowledgement message of 3 bytes, expected 4"),
        Arguments.of(
            "user control without event", 4, "00", "user control message of 1 bytes, expected 2"),
        Arguments.of(
            "ping without timestamp",
            4,
            "0006 0001",
            "user control message of 4 bytes, expected 6"),
        Arguments.of(
            "set buffer length without length",
            4,
            "0003 00000001",
            "user control message of 6 bytes, expected 10"),
        Arguments.of(
            "set peer bandwidth without limit type",
            6,
            "002625a0",
            "set peer bandwidth message of 4 bytes, expected 5"),
        Arguments.of(
            "command without a name",
            20,
            "00 3ff0000000000000",
            "command message does not start with a name string"),
        Arguments.of(
            "empty amf3 command", 17, "", "command message does not start with a name string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aBodyThatDoesNotFitItsTypeIsAProtocolError(
      String name, int typeId, String body, String error) {
    RawMessage raw = new RawMessage(3, typeId, 0, 0, Hex.decode(body));
    RtmpProtocolException e =
        assertThrows(RtmpProtocolException.class, () -> MessageCodec.decode(raw));
    assertEquals(error, e.getMessage());
  }

  @Test
  void anAggregateSplitsIntoItsTagsWithTimestampsRebasedOnItsOwn() throws Exception {
    String tags =
        tag(9, "1701 aa", 1000)
            + "0000000e" // back pointer: 11 + 3
            + tag(8, "af01", 1020)
            + "0000000d"
            + tag(18, "02 0001 78", 0x01000000L + 1040) // a timestamp using the extension byte
            + "00000010";
    RawMessage aggregate = new RawMessage(4, 22, 1, 2000, Hex.decode(tags));
    List<RawMessage> parts = AggregateMessage.split(aggregate);
    assertEquals(
        List.of(
            new RawMessage(4, 9, 1, 2000, Hex.decode("1701 aa")),
            new RawMessage(4, 8, 1, 2020, Hex.decode("af01")),
            new RawMessage(4, 18, 1, 2000 + 0x01000000L + 40, Hex.decode("02 0001 78"))),
        parts);
  }

  @Test
  void theLastBackPointerMayBeMissing() throws Exception {
    RawMessage aggregate = new RawMessage(4, 22, 1, 0, Hex.decode(tag(9, "1701", 5)));
    assertEquals(
        List.of(new RawMessage(4, 9, 1, 0, Hex.decode("1701"))), AggregateMessage.split(aggregate));
  }

  @Test
  void aMalformedAggregateIsAProtocolError() {
    assertEquals(
        "aggregate message: truncated sub-message header at offset 0",
        splitFailure("09 000002 000000"));
    assertEquals(
        "aggregate message: sub-message size 2 exceeds remaining 1 bytes",
        splitFailure(tag(9, "17", 0).replace("000001", "000002")));
    assertEquals(
        "aggregate message: unsupported sub-message type 20", splitFailure(tag(20, "05", 0)));
  }

  private static String splitFailure(String hex) {
    RawMessage aggregate = new RawMessage(4, 22, 1, 0, Hex.decode(hex));
    return assertThrows(RtmpProtocolException.class, () -> AggregateMessage.split(aggregate))
        .getMessage();
  }

  /** One FLV tag: type, u24 size, timestamp u24 + high byte, stream id u24 0, body. */
  private static String tag(int type, String bodyHex, long timestamp) {
    byte[] body = Hex.decode(bodyHex);
    return String.format(
        "%02x %06x %06x%02x 000000 %s",
        type, body.length, timestamp & 0xFFFFFF, (timestamp >>> 24) & 0xFF, Hex.encode(body));
  }

  @Test
  void theTableCoversEveryMessageType() {
    assertEquals(
        Arrays.stream(MessageType.values()).map(MessageType::code).sorted().toList(),
        cases().map(Case::typeId).distinct().sorted().toList());
  }
}
