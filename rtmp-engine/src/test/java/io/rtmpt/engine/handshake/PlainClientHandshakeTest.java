package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FeedStrategy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's plain client handshake against the engine's own {@link ServerHandshake} (nginx-rtmp
 * is the real server in BackendRtmpeTerminationInteropTest): C0 C1 as the specification wants them,
 * C2 the echo of S1, and the first chunk bytes after S2 left over, however the answer is cut.
 */
class PlainClientHandshakeTest {
  private static final byte[] CHUNK_BYTES = {2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0};

  @Test
  void c0c1IsVersion3TimeZeroAndAZeroVersionField() {
    byte[] c0c1 = new PlainClientHandshake(new Random(1)).start();
    assertEquals(1537, c0c1.length);
    assertEquals(3, c0c1[0]);
    assertArrayEquals(new byte[8], Arrays.copyOfRange(c0c1, 1, 9), "time and version field");
    assertFalse(Arrays.equals(new byte[64], Arrays.copyOfRange(c0c1, 9, 73)), "random bytes");
  }

  @ParameterizedTest
  @EnumSource(FeedStrategy.class)
  void completesAgainstTheServerHandshakeWhateverTheCutting(FeedStrategy strategy)
      throws Exception {
    PlainClientHandshake probe = new PlainClientHandshake(new Random(2));
    ServerHandshake probeServer = new ServerHandshake(new Random(3), () -> 0L);
    byte[] answer = probeServer.process(ByteBuffer.wrap(probe.start())).response();
    byte[] input = concat(answer, CHUNK_BYTES);

    for (List<ByteBuffer> pieces : strategy.cuts(input)) {
      PlainClientHandshake client = new PlainClientHandshake(new Random(2));
      ServerHandshake server = new ServerHandshake(new Random(3), () -> 0L);
      byte[] c0c1 = client.start();
      assertArrayEquals(answer, server.process(ByteBuffer.wrap(c0c1)).response());
      ByteArrayOutputStream c2 = new ByteArrayOutputStream();
      ByteArrayOutputStream leftOver = new ByteArrayOutputStream();
      boolean complete = false;
      for (ByteBuffer piece : pieces) {
        if (!complete) {
          HandshakeResult result = client.process(piece);
          c2.writeBytes(result.response());
          complete = result.complete();
        }
        leftOver.write(piece.array(), piece.position(), piece.remaining());
      }
      assertTrue(complete, strategy.toString());
      assertTrue(client.isComplete());
      assertArrayEquals(Arrays.copyOfRange(answer, 1, 1537), c2.toByteArray(), "c2 echoes s1");
      assertArrayEquals(CHUNK_BYTES, leftOver.toByteArray(), "bytes after s2 left over");
      assertTrue(server.process(ByteBuffer.wrap(c2.toByteArray())).complete(), "server took c2");
      assertFalse(server.clientUsedDigest(), "a plain handshake");
    }
  }

  @Test
  void c2GoesOutAsSoonAsS1IsInBeforeS2() throws Exception {
    PlainClientHandshake client = new PlainClientHandshake(new Random(4));
    byte[] answer =
        new ServerHandshake(new Random(5), () -> 0L)
            .process(ByteBuffer.wrap(client.start()))
            .response();
    HandshakeResult afterS1 = client.process(ByteBuffer.wrap(answer, 0, 1537));
    assertEquals(1536, afterS1.response().length);
    assertFalse(afterS1.complete());
    HandshakeResult afterS2 = client.process(ByteBuffer.wrap(answer, 1537, 1536));
    assertEquals(0, afterS2.response().length);
    assertTrue(afterS2.complete());
    assertEquals(new HandshakeResult(new byte[0], true), client.process(ByteBuffer.allocate(5)));
  }

  @Test
  void anRtmpeAnswerFailsTheHandshakeWithOneLine() {
    PlainClientHandshake client = new PlainClientHandshake(new Random(6));
    client.start();
    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class, () -> client.process(ByteBuffer.wrap(new byte[] {6})));
    assertEquals("server answered rtmp version 0x06 in s0, want 0x03", e.getMessage());
    assertThrows(IllegalStateException.class, () -> client.process(ByteBuffer.allocate(1)));
  }

  @Test
  void inputBeforeStartOrASecondStartIsAMistake() {
    PlainClientHandshake client = new PlainClientHandshake(new Random(7));
    assertThrows(IllegalStateException.class, () -> client.process(ByteBuffer.allocate(1)));
    client.start();
    assertThrows(IllegalStateException.class, client::start);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
