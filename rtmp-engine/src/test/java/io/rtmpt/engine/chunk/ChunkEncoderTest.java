package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkTesting.encodeAll;
import static io.rtmpt.engine.chunk.ChunkTesting.followSetChunkSize;
import static io.rtmpt.engine.chunk.ChunkTesting.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.engine.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkEncoderTest {

  static Stream<ChunkCases.Case> encodableCases() {
    return ChunkCases.encodable();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableCases")
  void encodesEveryTableCaseToItsExactBytes(ChunkCases.Case c) {
    ChunkEncoder encoder = new ChunkEncoder();
    assertEquals(Hex.encode(c.wire()), Hex.encode(encodeAll(encoder, c.messages())));
    assertEquals(c.chunkSize(), encoder.chunkSize());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableCases")
  void theArrayFormGivesTheSameBytes(ChunkCases.Case c) {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RawMessage m : c.messages()) {
      byte[] chunks = encoder.encode(m);
      out.write(chunks, 0, chunks.length);
      followSetChunkSize(encoder, m);
    }
    assertEquals(Hex.encode(c.wire()), Hex.encode(out.toByteArray()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableCases")
  void encodedLengthForetellsEachMessagesBytesWithoutChangingState(ChunkCases.Case c) {
    ChunkEncoder encoder = new ChunkEncoder();
    ChunkEncoder twin = new ChunkEncoder();
    for (RawMessage m : c.messages()) {
      int foretold = encoder.encodedLength(m);
      assertEquals(foretold, encoder.encodedLength(m), "asking twice changes nothing");
      assertEquals(foretold, encoder.encode(m).length, m.toString());
      followSetChunkSize(encoder, m);
      twin.encode(m);
      followSetChunkSize(twin, m);
    }
    assertEquals(
        Hex.encode(twin.encode(message(3, 8, 1, 99, "01"))),
        Hex.encode(encoder.encode(message(3, 8, 1, 99, "01"))),
        "an encoder that was asked encodes like one that was not");
  }

  @Test
  void aChunkSizeChangeAppliesFromTheNextMessage() {
    ChunkEncoder encoder = new ChunkEncoder();
    encoder.setChunkSize(2);
    assertEquals(2, encoder.chunkSize());
    assertArrayEquals(
        Hex.decode("03 000000 000003 08 01000000 0102", "c3 03"),
        encoder.encode(message(3, 8, 1, 0, "010203")));
    encoder.setChunkSize(ChunkConstants.MAX_CHUNK_SIZE);
    assertArrayEquals(Hex.decode("c3 040506"), encoder.encode(message(3, 8, 1, 0, "040506")));
  }

  @Test
  void bothFormsGiveTheSameChunksAroundTheBatchingThreshold() {
    byte[] payload = new byte[20_000];
    new Random(7).nextBytes(payload);
    RawMessage m = new RawMessage(320, 9, 1, 0x01000000, payload); // 3-byte ids, extended timestamp
    for (int size :
        new int[] {1, 2, 127, 128, 1000, 1023, 1024, 1025, 8185, 8191, 8192, 8193, 20_000}) {
      ChunkEncoder streamForm = new ChunkEncoder();
      ChunkEncoder arrayForm = new ChunkEncoder();
      streamForm.setChunkSize(size);
      arrayForm.setChunkSize(size);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      streamForm.encode(m, out);
      assertArrayEquals(arrayForm.encode(m), out.toByteArray(), "chunk size " + size);
    }
  }

  @Test
  void keepsHeaderStatePerChunkStream() {
    ChunkEncoder encoder = new ChunkEncoder();
    encoder.encode(message(3, 8, 1, 100, "01"));
    encoder.encode(message(4, 9, 1, 100, "0102"));
    assertArrayEquals(Hex.decode("83 000014 02"), encoder.encode(message(3, 8, 1, 120, "02")));
    assertArrayEquals(Hex.decode("84 000014 0304"), encoder.encode(message(4, 9, 1, 120, "0304")));
  }

  @Test
  void rejectsInvalidMessagesWithExactTexts() {
    ChunkEncoder encoder = new ChunkEncoder();
    assertInvalid(
        "chunk stream id 1 is outside 2..65599", () -> encoder.encode(message(1, 8, 1, 0, "")));
    assertInvalid(
        "chunk stream id 65600 is outside 2..65599",
        () -> encoder.encode(message(65600, 8, 1, 0, "")));
    assertInvalid(
        "message type id 256 is outside 0..255", () -> encoder.encode(message(3, 256, 1, 0, "")));
    assertInvalid(
        "message type id -1 is outside 0..255", () -> encoder.encode(message(3, -1, 1, 0, "")));
    assertInvalid(
        "timestamp -1 is outside 0..4294967295", () -> encoder.encode(message(3, 8, 1, -1, "")));
    assertInvalid(
        "timestamp 4294967296 is outside 0..4294967295",
        () -> encoder.encode(message(3, 8, 1, 0x1_0000_0000L, "")));
    assertInvalid("payload is null", () -> encoder.encode(new RawMessage(3, 8, 1, 0, null)));
    assertInvalid(
        "payload is null",
        () -> encoder.encode(new RawMessage(3, 8, 1, 0, null), new ByteArrayOutputStream()));
    assertInvalid(
        "payload of 16777216 bytes exceeds the maximum message length 16777215",
        () -> encoder.encode(new RawMessage(3, 8, 1, 0, new byte[16 * 1024 * 1024])));
    assertThrows(NullPointerException.class, () -> encoder.encode(null));
    assertThrows(NullPointerException.class, () -> encoder.encode(message(3, 8, 1, 0, ""), null));
  }

  @Test
  void aRejectedMessageLeavesTheHeaderStateUntouched() {
    ChunkEncoder encoder = new ChunkEncoder();
    encoder.encode(message(3, 8, 1, 0, "01"));
    assertThrows(
        IllegalArgumentException.class, () -> encoder.encode(new RawMessage(3, 8, 1, 5, null)));
    assertArrayEquals(Hex.decode("c3 02"), encoder.encode(message(3, 8, 1, 0, "02")));
  }

  @Test
  void takesEveryChunkSizeTheSpecAllowsAndKeepsThoseAbove0xFFFFFFAs0xFFFFFF() {
    ChunkEncoder encoder = new ChunkEncoder();
    assertInvalid("chunk size 0 is below 1", () -> encoder.setChunkSize(0));
    assertInvalid("chunk size -1 is below 1", () -> encoder.setChunkSize(-1));
    assertEquals(128, encoder.chunkSize());
    encoder.setChunkSize(1);
    assertEquals(1, encoder.chunkSize());
    encoder.setChunkSize(0x08000000);
    assertEquals(0xFFFFFF, encoder.chunkSize());
    encoder.setChunkSize(Integer.MAX_VALUE);
    assertEquals(0xFFFFFF, encoder.chunkSize());
    byte[] payload = new byte[70_000];
    assertEquals(12 + payload.length, encoder.encode(new RawMessage(6, 9, 1, 0, payload)).length);
  }

  private static void assertInvalid(String text, Executable call) {
    assertEquals(text, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
