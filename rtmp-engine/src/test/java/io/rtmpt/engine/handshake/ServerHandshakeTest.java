package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.ReferenceDigests.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerHandshakeTest {
  private static final int C0_C1 = 1 + 1536;
  private static final int S0_S1_S2 = 1 + 2 * 1536;

  /** The first chunk after the handshake: Set Chunk Size 4096 on chunk stream 2. */
  private static final byte[] CHUNK_AFTER_C2 =
      Hex.decode(
          "02", // basic header: fmt 0, chunk stream 2
          "000000 000004 01 00000000", // timestamp, length 4, type 1 (set chunk size), stream 0
          "00001000"); // 4096

  static Stream<Arguments> cuttingsAndClients() {
    return Stream.of(FeedStrategy.values())
        .flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
  }

  @ParameterizedTest(name = "{0}, digest client: {1}")
  @MethodSource("cuttingsAndClients")
  void answersTheSameBytesAndLeavesTheBytesAfterC2InTheBufferWhateverTheCutting(
      FeedStrategy strategy, boolean digestClient) throws Exception {
    byte[] c0c1 = new ClientHandshake(digestClient, new Random(1), () -> 0L).start();
    byte[] c2 = new byte[1536];
    new Random(2).nextBytes(c2);
    byte[] input = concat(c0c1, c2, CHUNK_AFTER_C2);
    byte[] expected = server().process(ByteBuffer.wrap(c0c1)).response();
    assertEquals(S0_S1_S2, expected.length);

    for (List<ByteBuffer> pieces : strategy.cuts(input)) {
      ServerHandshake server = server();
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      ByteArrayOutputStream leftOver = new ByteArrayOutputStream();
      int fed = 0;
      for (ByteBuffer piece : pieces) {
        int before = fed;
        fed += piece.remaining();
        HandshakeResult result = server.process(piece);
        boolean crossesC1End = before < C0_C1 && fed >= C0_C1;
        assertEquals(
            crossesC1End ? S0_S1_S2 : 0, result.response().length, "response after " + fed);
        assertEquals(fed >= C0_C1 + 1536, result.complete(), "complete after " + fed);
        sent.write(result.response());
        leftOver.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
      }
      assertArrayEquals(expected, sent.toByteArray());
      assertArrayEquals(CHUNK_AFTER_C2, leftOver.toByteArray());
      assertTrue(server.isComplete());
      assertEquals(digestClient, server.clientUsedDigest());
    }
  }

  @Test
  void plainClientGetsUptimeAndZeroVersionInS1AndItsC1EchoedAsS2() throws Exception {
    AtomicLong clock = new AtomicLong(5_000);
    ServerHandshake server = new ServerHandshake(new Random(42), clock::get);
    byte[] c1 = plainC1(3);
    clock.set(5_250);

    byte[] response = server.process(ByteBuffer.wrap(concat(new byte[] {3}, c1))).response();

    assertEquals(3, response[0]);
    assertEquals("000000fa" + "00000000", Hex.encode(response, 1, 8), "s1 time 250 ms, version 0");
    assertArrayEquals(c1, Arrays.copyOfRange(response, 1 + 1536, S0_S1_S2));
    assertFalse(server.clientUsedDigest());
  }

  @Test
  void digestAtBytesEightToElevenGetsADigestS1AtTheSameSchemeAndASignedS2() throws Exception {
    byte[] c1 = versionedC1(4);
    System.arraycopy(Hex.decode("01 02 03 04"), 0, c1, 8, 4); // (1 + 2 + 3 + 4) mod 728 + 12 = 22
    byte[] clientDigest = insertReferenceDigest(c1, 22);

    assertDigestAnswer(c1, clientDigest, 8);
  }

  @Test
  void digestAtBytes772To775GetsADigestS1AtTheSameSchemeAndASignedS2() throws Exception {
    byte[] c1 = versionedC1(5);
    System.arraycopy(Hex.decode("ff ff ff ff"), 0, c1, 772, 4); // 1020 mod 728 + 776 = 1068
    byte[] clientDigest = insertReferenceDigest(c1, 1068);

    assertDigestAnswer(c1, clientDigest, 772);
  }

  @Test
  void versionedC1WithoutAValidDigestFallsBackToThePlainAnswer() throws Exception {
    byte[] c1 = versionedC1(6);
    insertReferenceDigest(c1, ReferenceDigests.digestOffset(c1, 8));
    c1[1535] ^= 1; // the digest no longer matches the packet
    ServerHandshake server = server();

    byte[] response = server.process(ByteBuffer.wrap(concat(new byte[] {3}, c1))).response();

    assertFalse(server.clientUsedDigest());
    assertEquals("00000000", Hex.encode(response, 1 + 4, 4), "s1 version");
    assertArrayEquals(c1, Arrays.copyOfRange(response, 1 + 1536, S0_S1_S2));
  }

  @ParameterizedTest(name = "c0 = {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "255 | unsupported rtmp version 0xff in c0",
        "32  | unsupported rtmp version 0x20 in c0",
        "71  | unsupported rtmp version 0x47 in c0"
      })
  void refusesAC0ThatTheSpecDoesNotAllowOnItsFirstByteWithAnExactMessage(int c0, String message) {
    assertRefused(server(), c0, message);
  }

  /** Spec 5.2.2: a server that does not recognize the requested version should respond with 3. */
  @ParameterizedTest(name = "c0 = {0}")
  @ValueSource(ints = {0, 1, 2, 4, 7, 10, 31})
  void answersAnyOtherVersionBelow32WithThePlainHandshakeAndVersion3(int c0) throws Exception {
    byte[] c1 = new byte[1536];
    ServerHandshake server = server();
    byte[] response =
        server.process(ByteBuffer.wrap(concat(new byte[] {(byte) c0}, c1))).response();
    assertEquals(1 + 1536 + 1536, response.length);
    assertEquals(3, response[0], "s0");
    assertArrayEquals(c1, Arrays.copyOfRange(response, 1 + 1536, S0_S1_S2), "s2 echoes c1");
    assertEquals(HandshakeType.PLAIN, server.type().orElseThrow());
  }

  @ParameterizedTest(name = "c0 = {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "6 | rtmpe handshake (c0 = 6) refused: accepted types are rtmp",
        "8 | rtmpe-xtea handshake (c0 = 8) refused: accepted types are rtmp",
        "9 | rtmpe-blowfish handshake (c0 = 9) refused: accepted types are rtmp"
      })
  void aPlainOnlyPolicyRefusesEveryRtmpeTypeOnItsFirstByte(int c0, String message) {
    ServerHandshake server =
        new ServerHandshake(HandshakePolicy.plainOnly(), new Random(1), () -> 0L, () -> null);
    assertRefused(server, c0, message);
  }

  @Test
  void aPolicyWithoutPlainRefusesC0ThreeAndNamesWhatItAccepts() {
    ServerHandshake server =
        new ServerHandshake(
            HandshakePolicy.of(HandshakeType.RTMPE, HandshakeType.RTMPE_XTEA),
            new Random(1),
            () -> 0L,
            () -> null);
    assertRefused(
        server, 3, "rtmp handshake (c0 = 3) refused: accepted types are rtmpe,rtmpe-xtea");
  }

  private static void assertRefused(ServerHandshake server, int c0, String message) {
    ByteBuffer input = ByteBuffer.wrap(concat(new byte[] {(byte) c0}, plainC1(7)));

    RtmpProtocolException e =
        assertThrows(RtmpProtocolException.class, () -> server.process(input));

    assertEquals(message, e.getMessage());
    assertEquals(1, input.position(), "only c0 consumed");
    assertFalse(server.isComplete());
    assertTrue(server.type().isEmpty());
  }

  @Test
  void afterAFailureNoMoreInputIsAccepted() {
    ServerHandshake server = server();
    assertThrows(
        RtmpProtocolException.class,
        () -> server.process(ByteBuffer.wrap(new byte[] {(byte) 0xff})));
    ByteBuffer more = ByteBuffer.wrap(plainC1(8));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.process(more));
    assertEquals("server handshake failed: no more input accepted (state FAILED)", e.getMessage());
    assertEquals(0, more.position());
    assertThrows(IllegalStateException.class, () -> server.process(ByteBuffer.allocate(0)));
  }

  @Test
  void afterCompletionProcessReturnsAnEmptyCompleteResultAndLeavesTheInputAlone() throws Exception {
    ServerHandshake server = server();
    server.process(ByteBuffer.wrap(concat(new byte[] {3}, plainC1(9), new byte[1536])));
    ByteBuffer chunkStream = ByteBuffer.wrap(CHUNK_AFTER_C2);

    HandshakeResult result = server.process(chunkStream);

    assertEquals(new HandshakeResult(new byte[0], true), result);
    assertEquals(0, chunkStream.position());
  }

  @Test
  void emptyInputChangesNothing() throws Exception {
    ServerHandshake server = server();
    assertEquals(new HandshakeResult(new byte[0], false), server.process(ByteBuffer.allocate(0)));
    server.process(ByteBuffer.wrap(concat(new byte[] {3}, plainC1(10))));
    assertEquals(new HandshakeResult(new byte[0], false), server.process(ByteBuffer.allocate(0)));
    assertFalse(server.isComplete());
  }

  /** Feeds C0 C1 and checks S1's digest and S2's signature against the reference computation. */
  private static void assertDigestAnswer(byte[] c1, byte[] clientDigest, int offsetField)
      throws Exception {
    ServerHandshake server = server();
    byte[] response = server.process(ByteBuffer.wrap(concat(new byte[] {3}, c1))).response();
    byte[] s1 = Arrays.copyOfRange(response, 1, 1 + 1536);
    byte[] s2 = Arrays.copyOfRange(response, 1 + 1536, S0_S1_S2);

    assertTrue(server.clientUsedDigest());
    assertEquals(3, response[0]);
    assertEquals("04050001", Hex.encode(s1, 4, 4), "server version");
    int offset = ReferenceDigests.digestOffset(s1, offsetField);
    byte[] expectedDigest =
        ReferenceDigests.digestWithout(s1, offset, ReferenceDigests.SERVER_TEXT);
    assertEquals(Hex.encode(expectedDigest), Hex.encode(s1, offset, 32), "s1 digest");
    byte[] expectedSignature =
        ReferenceDigests.signature(s2, clientDigest, ReferenceDigests.SERVER_KEY);
    assertEquals(Hex.encode(expectedSignature), Hex.encode(s2, 1504, 32), "s2 signature");
  }

  /** Writes the reference client digest into c1 at offset and returns it. */
  private static byte[] insertReferenceDigest(byte[] c1, int offset) {
    byte[] digest = ReferenceDigests.digestWithout(c1, offset, ReferenceDigests.PLAYER_TEXT);
    System.arraycopy(digest, 0, c1, offset, 32);
    return digest;
  }

  /** Random C1 with time 0 and version 9.0.124.2, as FFmpeg sends it (digest not yet inserted). */
  private static byte[] versionedC1(long seed) {
    byte[] c1 = plainC1(seed);
    System.arraycopy(Hex.decode("09 00 7c 02"), 0, c1, 4, 4);
    return c1;
  }

  private static byte[] plainC1(long seed) {
    byte[] c1 = new byte[1536];
    new Random(seed).nextBytes(c1);
    Arrays.fill(c1, 0, 8, (byte) 0);
    return c1;
  }

  private static ServerHandshake server() {
    return new ServerHandshake(new Random(42), () -> 1_000L);
  }
}
