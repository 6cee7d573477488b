package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkTesting.decodeAll;
import static io.rtmpt.engine.chunk.ChunkTesting.message;
import static io.rtmpt.engine.chunk.ChunkTesting.setChunkSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.Hex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkDecoderTest {
  private static final String SET_CHUNK_SIZE_4 = "02 000000 000004 01 00000000 00000004";

  static Stream<Arguments> casesTimesFeedStrategies() {
    return ChunkCases.all()
        .flatMap(c -> Stream.of(FeedStrategy.values()).map(f -> Arguments.of(c, f)));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("casesTimesFeedStrategies")
  void decodesEveryTableCaseWhateverTheSplit(ChunkCases.Case c, FeedStrategy feed)
      throws Exception {
    for (List<ByteBuffer> pieces : feed.cuts(c.wire())) {
      ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
      assertEquals(c.messages(), decodeAll(decoder, pieces));
      assertTrue(decoder.isIdle(), "left over: " + decoder);
      assertEquals(c.chunkSize(), decoder.chunkSize());
      assertEquals(c.wire().length, decoder.bytesRead());
    }
  }

  /** An error case: the input, the messages before the error, and the exact error text. */
  record ErrorCase(
      String name, byte[] input, ChunkLimits limits, List<RawMessage> before, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ErrorCase error(
      String name, List<RawMessage> before, String error, String... hex) {
    return new ErrorCase(name, Hex.decode(hex), ChunkLimits.defaults(), before, error);
  }

  static Stream<ErrorCase> errorCases() {
    return Stream.of(
        error(
            "type 1 before any type 0",
            List.of(),
            "chunk stream 5: type 1 header before any type 0 header",
            "45",
            "000000",
            "000001",
            "08"),
        error(
            "type 2 before any type 0",
            List.of(),
            "chunk stream 3: type 2 header before any type 0 header",
            "83 000000"),
        error(
            "type 3 before any type 0 on a three-byte id",
            List.of(),
            "chunk stream 65599: type 3 header before any type 0 header",
            "c1 ffff"),
        error(
            "type 0 while a message is partial",
            List.of(setChunkSize(4)),
            "chunk stream 3: type 0 header before the previous message is complete (4 of 10 bytes)",
            SET_CHUNK_SIZE_4,
            "03 000000 00000a 08 01000000 00010203",
            "03 000000 000001 08 01000000"),
        error(
            "type 1 while a message is partial",
            List.of(setChunkSize(4)),
            "chunk stream 3: type 1 header before the previous message is complete (8 of 10 bytes)",
            SET_CHUNK_SIZE_4,
            "03 000000 00000a 08 01000000 00010203 c3 04050607",
            "43 000000 000001 08"),
        error(
            "message length over the limit",
            List.of(),
            "message length 16777215 exceeds limit 8388608",
            "03 000000 ffffff 09 01000000"),
        error(
            "message length over the limit on a type 1 header",
            List.of(message(3, 9, 1, 0, "")),
            "message length 8388609 exceeds limit 8388608",
            "03 000000 000000 09 01000000",
            "43 000000 800001 09"),
        error(
            "chunk size with the reserved high bit",
            List.of(),
            "chunk size 2147483648 has the reserved high bit set",
            "02 000000 000004 01 00000000 80000000"),
        error(
            "chunk size 0",
            List.of(),
            "chunk size 0 is below 1",
            "02 000000 000004 01 00000000 00000000"),
        error(
            "set chunk size payload too short",
            List.of(),
            "set chunk size payload of 3 bytes, expected 4",
            "02 000000 000003 01 00000000 000080"),
        error(
            "set chunk size payload empty",
            List.of(),
            "set chunk size payload of 0 bytes, expected 4",
            "02 000000 000000 01 00000000"),
        error(
            "abort payload too long",
            List.of(),
            "abort payload of 5 bytes, expected 4",
            "02 000000 000005 02 00000000 0000000300"),
        new ErrorCase(
            "more chunk streams than the limit",
            Hex.decode(
                "03 000000 000000 08 01000000",
                "04 000000 000000 08 01000000",
                "05 000000 000000 08 01000000"),
            new ChunkLimits(1024, 2, 1024),
            List.of(message(3, 8, 1, 0, ""), message(4, 8, 1, 0, "")),
            "more than 2 chunk streams"),
        new ErrorCase(
            "partial messages over the limit",
            Hex.decode(
                "03 000000 000400 09 01000000",
                "00".repeat(128),
                "04 000000 000400 09 01000000",
                "00".repeat(128),
                "05 000000 000400 09 01000000"),
            new ChunkLimits(1024, 8, 2048),
            List.of(),
            "partial messages would hold 3072 bytes, limit 2048"));
  }

  static Stream<Arguments> errorCasesTimesFeedStrategies() {
    return errorCases().flatMap(c -> Stream.of(FeedStrategy.values()).map(f -> Arguments.of(c, f)));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("errorCasesTimesFeedStrategies")
  void reportsEachViolationWithItsExactTextWhateverTheSplit(ErrorCase c, FeedStrategy feed) {
    for (List<ByteBuffer> pieces : feed.cuts(c.input())) {
      ChunkDecoder decoder = new ChunkDecoder(c.limits());
      List<RawMessage> out = new ArrayList<>();
      RtmpProtocolException e =
          assertThrows(
              RtmpProtocolException.class,
              () -> {
                for (ByteBuffer piece : pieces) {
                  decoder.decode(piece.duplicate(), out::add);
                }
              });
      assertEquals(c.error(), e.getMessage());
      assertEquals(c.before(), out);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void refusesAllInputAfterAnError(ErrorCase c) {
    ChunkDecoder decoder = new ChunkDecoder(c.limits());
    assertThrows(
        RtmpProtocolException.class, () -> decoder.decode(ByteBuffer.wrap(c.input()), m -> {}));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                decoder.decode(
                    ByteBuffer.wrap(Hex.decode("03 000000 000000 08 01000000")), m -> {}));
    assertEquals("chunk decoder is FAILED: " + c.error(), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> decoder.decode(ByteBuffer.allocate(0), m -> {}));
  }

  @Test
  void sixtyFiveChunkStreamsExceedTheDefaultLimit() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    for (int id = 3; id < 3 + 64; id++) {
      decoder.decode(ByteBuffer.wrap(header0(id, 0)), m -> {});
    }
    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class,
            () -> decoder.decode(ByteBuffer.wrap(header0(3 + 64, 0)), m -> {}));
    assertEquals("more than 64 chunk streams", e.getMessage());
  }

  @Test
  void aDeclaredLengthOverTheLimitFailsAtTheHeaderWithoutAllocatingIt() {
    com.sun.management.ThreadMXBean threads = allocationCounter();
    ChunkLimits limits = new ChunkLimits(1024 * 1024, 8, 1024 * 1024);
    byte[] header = header0(3, 16 * 1024 * 1024 - 1);
    long allocated = Long.MAX_VALUE;
    String error = null;
    for (int round = 0; round < 3; round++) { // the first rounds also load classes
      ChunkDecoder decoder = new ChunkDecoder(limits);
      ByteBuffer in = ByteBuffer.wrap(header);
      long before = threads.getCurrentThreadAllocatedBytes();
      try {
        decoder.decode(in, m -> {});
      } catch (RtmpProtocolException e) {
        error = e.getMessage();
      }
      allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertEquals("message length 16777215 exceeds limit 1048576", error);
    assertTrue(allocated < 8 * 1024, "allocated " + allocated + " bytes"); // the exception only
  }

  @Test
  void aDeclaredLengthWithinTheLimitIsNotAllocatedUpFrontBeyond64KiB() throws Exception {
    com.sun.management.ThreadMXBean threads = allocationCounter();
    byte[] header =
        Hex.decode("03 000000 7fffff 09 01000000 00"); // 8 MiB - 1 declared, 1 byte sent
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) { // the first rounds also load classes
      ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
      ByteBuffer in = ByteBuffer.wrap(header);
      long before = threads.getCurrentThreadAllocatedBytes();
      decoder.decode(in, m -> {});
      allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
      assertFalse(decoder.isIdle());
    }
    assertTrue(
        allocated < ChunkStreamState.ALLOCATE_UP_FRONT_LIMIT + 1024, "allocated " + allocated);
  }

  @Test
  void growsALargeMessageAsItsChunksArrive() throws Exception {
    byte[] payload = new byte[300_000];
    new Random(1).nextBytes(payload);
    RawMessage big = new RawMessage(6, 9, 1, 40, payload);
    ChunkEncoder encoder = new ChunkEncoder();
    byte[] wire = ChunkTesting.encodeAll(encoder, List.of(setChunkSize(4096), big));
    List<RawMessage> out = new ArrayList<>();
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    for (int p = 0; p < wire.length; p += 1000) {
      decoder.decode(ByteBuffer.wrap(wire, p, Math.min(1000, wire.length - p)), out::add);
    }
    assertEquals(List.of(setChunkSize(4096), big), out);
  }

  @Test
  void readsHeaderFieldsWhateverTheByteOrderOfTheInputBuffer() throws Exception {
    byte[] wire = Hex.decode("03 0003e8 000001 09 01020304 aa");
    List<RawMessage> out = new ArrayList<>();
    new ChunkDecoder(ChunkLimits.defaults())
        .decode(ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN), out::add);
    assertEquals(List.of(message(3, 9, 0x04030201, 1000, "aa")), out);
  }

  @Test
  void aThrowingSinkLeavesTheInputJustAfterItsMessageAndTheDecoderUsable() throws Exception {
    byte[] wire = Hex.decode("03 000000 000001 08 01000000 01", "c3 02");
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    ByteBuffer in = ByteBuffer.wrap(wire);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            decoder.decode(
                in,
                m -> {
                  throw new IllegalArgumentException("sink refuses");
                }));
    assertEquals(13, in.position());
    List<RawMessage> out = new ArrayList<>();
    decoder.decode(in, out::add);
    assertEquals(List.of(message(3, 8, 1, 0, "02")), out);
    assertEquals(wire.length, decoder.bytesRead());
  }

  @Test
  void countsBytesOfPartialChunksAsRead() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    decoder.decode(ByteBuffer.wrap(Hex.decode("03 0000")), m -> {});
    assertEquals(3, decoder.bytesRead());
    assertFalse(decoder.isIdle());
  }

  @Test
  void startsWithTheDefaultChunkSize() {
    assertEquals(128, new ChunkDecoder(ChunkLimits.defaults()).chunkSize());
  }

  @Test
  void rejectsNullArguments() {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    assertThrows(NullPointerException.class, () -> new ChunkDecoder(null));
    assertThrows(NullPointerException.class, () -> decoder.decode(null, m -> {}));
    assertThrows(NullPointerException.class, () -> decoder.decode(ByteBuffer.allocate(1), null));
  }

  @Test
  void limitsRejectValuesBelowOneAndAPartialBoundBelowTheMessageSize() {
    assertEquals(
        "maxMessageSize 0 is below 1",
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(0, 1, 1)).getMessage());
    assertEquals(
        "maxChunkStreams 0 is below 1",
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(1, 0, 1)).getMessage());
    assertEquals(
        "maxPartialBytes 4 is below maxMessageSize 4096",
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(4096, 1, 4))
            .getMessage());
    assertEquals(new ChunkLimits(8 * 1024 * 1024, 64, 16L * 1024 * 1024), ChunkLimits.defaults());
  }

  /**
   * Set Chunk Size 1..0x7FFFFFFF is valid (spec 5.4.1) and every size above 0xFFFFFF means the
   * same: a message of any length then comes in one chunk. Some Go encoders announce 0x08000000.
   */
  @ParameterizedTest(name = "chunk size {0}")
  @MethodSource("largeChunkSizes")
  void acceptsEveryChunkSizeTheSpecAllows(int chunkSize) throws Exception {
    byte[] payload = new byte[300_000];
    new Random(chunkSize).nextBytes(payload);
    RawMessage big = new RawMessage(6, 9, 1, 40, payload);
    ChunkEncoder encoder = new ChunkEncoder();
    byte[] wire = ChunkTesting.encodeAll(encoder, List.of(setChunkSize(chunkSize), big, big));
    assertTrue(wire.length < 2 * payload.length + 64, "one chunk per message: " + wire.length);
    for (FeedStrategy feed : List.of(FeedStrategy.WHOLE, FeedStrategy.RANDOM_SPLITS)) {
      for (List<ByteBuffer> pieces : feed.cuts(wire)) {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
        assertEquals(List.of(setChunkSize(chunkSize), big, big), decodeAll(decoder, pieces));
        assertEquals(chunkSize, decoder.chunkSize());
        assertTrue(decoder.isIdle());
        assertEquals(0, decoder.partialBytes());
      }
    }
  }

  static Stream<Integer> largeChunkSizes() {
    return Stream.of(0xFFFFFF, 0x1000000, 0x08000000, 0x7FFFFFFF);
  }

  @Test
  void partialBytesCountArraysOfIncompleteMessagesUntilTheyCompleteOrAreAborted() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    decoder.decode(
        ByteBuffer.wrap(Hex.decode("03 000000 000100 09 01000000", "00".repeat(128))), m -> {});
    decoder.decode(
        ByteBuffer.wrap(Hex.decode("04 000000 000200 08 01000000", "00".repeat(128))), m -> {});
    assertEquals(256 + 512, decoder.partialBytes());
    List<RawMessage> out = new ArrayList<>();
    decoder.decode(ByteBuffer.wrap(Hex.decode("c3", "00".repeat(128))), out::add);
    assertEquals(1, out.size());
    assertEquals(512, decoder.partialBytes());
    decoder.decode(ByteBuffer.wrap(Hex.decode("02 000000 000004 02 00000000 00000004")), out::add);
    assertEquals(0, decoder.partialBytes());
    assertTrue(decoder.isIdle());
  }

  /** A type 0 header with a 1-, 2- or 3-byte basic header, declaring {@code length} bytes. */
  private static byte[] header0(int chunkStreamId, int length) {
    ChunkEncoder encoder = new ChunkEncoder();
    byte[] wire = encoder.encode(new RawMessage(chunkStreamId, 9, 1, 0, new byte[0]));
    wire[wire.length - 8] = (byte) (length >>> 16);
    wire[wire.length - 7] = (byte) (length >>> 8);
    wire[wire.length - 6] = (byte) length;
    return wire;
  }

  static com.sun.management.ThreadMXBean allocationCounter() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    return threads;
  }
}
