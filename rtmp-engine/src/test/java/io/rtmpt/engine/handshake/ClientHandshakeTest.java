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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientHandshakeTest {
  private static final byte[] CHUNK_AFTER_S2 =
      Hex.decode("02 000000 000004 01 00000000", "00001000");

  @Test
  void digestClientAndServerCompleteAndTheServerDigestsVerify() throws Exception {
    ClientHandshake client = new ClientHandshake(true);
    ServerHandshake server = new ServerHandshake();

    HandshakeResult fromServer = server.process(ByteBuffer.wrap(client.start()));
    HandshakeResult fromClient = client.process(ByteBuffer.wrap(fromServer.response()));
    HandshakeResult last = server.process(ByteBuffer.wrap(fromClient.response()));

    assertTrue(fromClient.complete());
    assertEquals(1536, fromClient.response().length);
    assertTrue(last.complete());
    assertEquals(0, last.response().length);
    assertTrue(client.isComplete());
    assertTrue(server.isComplete());
    assertTrue(server.clientUsedDigest());
    assertTrue(client.serverDigestValid());
  }

  @Test
  void digestClientSignsC2ForTheServerDigest() throws Exception {
    ClientHandshake client = new ClientHandshake(true, new Random(1), () -> 0L);
    client.start();
    byte[] s0s1s2 =
        new ServerHandshake(new Random(2), () -> 0L)
            .process(ByteBuffer.wrap(new ClientHandshake(true, new Random(1), () -> 0L).start()))
            .response();
    byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1537);

    byte[] c2 = client.process(ByteBuffer.wrap(s0s1s2)).response();

    int serverOffset = ReferenceDigests.digestOffset(s1, 8);
    byte[] serverDigest = Arrays.copyOfRange(s1, serverOffset, serverOffset + 32);
    byte[] expected = ReferenceDigests.signature(c2, serverDigest, ReferenceDigests.PLAYER_KEY);
    assertEquals(Hex.encode(expected), Hex.encode(c2, 1504, 32));
  }

  @Test
  void plainClientAndServerCompleteWithC2EchoingS1() throws Exception {
    ClientHandshake client = new ClientHandshake(false);
    ServerHandshake server = new ServerHandshake();

    byte[] s0s1s2 = server.process(ByteBuffer.wrap(client.start())).response();
    byte[] c2 = client.process(ByteBuffer.wrap(s0s1s2)).response();
    assertTrue(server.process(ByteBuffer.wrap(c2)).complete());

    assertArrayEquals(Arrays.copyOfRange(s0s1s2, 1, 1537), c2);
    assertFalse(server.clientUsedDigest());
    assertFalse(client.serverDigestValid());
  }

  @Test
  void digestClientC1CarriesFfmpegsVersionAndAReferenceDigestAtBytesEightToEleven() {
    byte[] c0c1 = new ClientHandshake(true, new Random(3), () -> 0L).start();
    byte[] c1 = Arrays.copyOfRange(c0c1, 1, 1537);

    assertEquals(3, c0c1[0]);
    assertEquals("00000000" + "09007c02", Hex.encode(c1, 0, 8));
    int offset = ReferenceDigests.digestOffset(c1, 8);
    byte[] expected = ReferenceDigests.digestWithout(c1, offset, ReferenceDigests.PLAYER_TEXT);
    assertEquals(Hex.encode(expected), Hex.encode(c1, offset, 32));
  }

  @Test
  void plainClientC1HasZeroVersion() {
    byte[] c0c1 = new ClientHandshake(false, new Random(3), () -> 0L).start();
    assertEquals("03" + "00000000" + "00000000", Hex.encode(c0c1, 0, 9));
  }

  @Test
  void aTamperedS2SignatureMakesTheServerDigestInvalid() throws Exception {
    ClientHandshake client = new ClientHandshake(true);
    byte[] response = new ServerHandshake().process(ByteBuffer.wrap(client.start())).response();
    response[response.length - 1] ^= 1; // last byte of the S2 signature

    assertTrue(client.process(ByteBuffer.wrap(response)).complete());
    assertFalse(client.serverDigestValid());
  }

  @Test
  void aTamperedS1DigestMakesTheServerDigestInvalidAndC2EchoesS1() throws Exception {
    ClientHandshake client = new ClientHandshake(true);
    byte[] response = new ServerHandshake().process(ByteBuffer.wrap(client.start())).response();
    byte[] s1 = Arrays.copyOfRange(response, 1, 1537);
    response[1 + ReferenceDigests.digestOffset(s1, 8)] ^= 1; // first byte of the S1 digest

    byte[] c2 = client.process(ByteBuffer.wrap(response)).response();

    assertFalse(client.serverDigestValid());
    assertArrayEquals(Arrays.copyOfRange(response, 1, 1537), c2);
  }

  @Test
  void aServerAnsweringPlainGetsS1EchoedAsC2() throws Exception {
    ClientHandshake client = new ClientHandshake(true, new Random(4), () -> 0L);
    client.start();
    byte[] s1 = new byte[1536];
    new Random(5).nextBytes(s1);
    Arrays.fill(s1, 4, 8, (byte) 0);

    byte[] c2 =
        client.process(ByteBuffer.wrap(concat(new byte[] {3}, s1, new byte[1536]))).response();

    assertArrayEquals(s1, c2);
    assertFalse(client.serverDigestValid());
  }

  @ParameterizedTest
  @EnumSource(FeedStrategy.class)
  void consumesExactlyS0S1S2WhateverTheCutting(FeedStrategy strategy) throws Exception {
    byte[] c0c1 = new ClientHandshake(true, new Random(6), () -> 0L).start();
    byte[] s0s1s2 =
        new ServerHandshake(new Random(7), () -> 0L).process(ByteBuffer.wrap(c0c1)).response();
    byte[] input = concat(s0s1s2, CHUNK_AFTER_S2);
    byte[] expectedC2 = null;

    for (List<ByteBuffer> pieces : strategy.cuts(input)) {
      ClientHandshake client = new ClientHandshake(true, new Random(6), () -> 0L);
      client.start();
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      ByteArrayOutputStream leftOver = new ByteArrayOutputStream();
      for (ByteBuffer piece : pieces) {
        sent.write(client.process(piece).response());
        leftOver.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
      }
      if (expectedC2 == null) {
        expectedC2 = sent.toByteArray();
      }
      assertArrayEquals(expectedC2, sent.toByteArray());
      assertEquals(1536, expectedC2.length);
      assertArrayEquals(CHUNK_AFTER_S2, leftOver.toByteArray());
      assertTrue(client.serverDigestValid());
    }
  }

  @Test
  void anS0OtherThanThreeFailsTheHandshake() {
    ClientHandshake client = new ClientHandshake(false);
    client.start();

    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class, () -> client.process(ByteBuffer.wrap(new byte[] {6})));
    assertEquals("unsupported rtmp version 0x06 in s0", e.getMessage());

    IllegalStateException after =
        assertThrows(
            IllegalStateException.class, () -> client.process(ByteBuffer.wrap(new byte[1536])));
    assertEquals("client handshake accepts no input in state FAILED", after.getMessage());
  }

  @Test
  void inputBeforeStartAndASecondStartAreRefused() {
    ClientHandshake client = new ClientHandshake(false);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> client.process(ByteBuffer.wrap(new byte[] {3})));
    assertEquals("client handshake accepts no input in state NOT_STARTED", e.getMessage());

    client.start();
    e = assertThrows(IllegalStateException.class, client::start);
    assertEquals("client handshake already started (state AWAITING_S0)", e.getMessage());
  }

  @Test
  void afterCompletionProcessReturnsAnEmptyCompleteResultAndLeavesTheInputAlone() throws Exception {
    ClientHandshake client = new ClientHandshake(false);
    client.process(
        ByteBuffer.wrap(new ServerHandshake().process(ByteBuffer.wrap(client.start())).response()));
    ByteBuffer chunkStream = ByteBuffer.wrap(CHUNK_AFTER_S2);

    assertEquals(new HandshakeResult(new byte[0], true), client.process(chunkStream));
    assertEquals(0, chunkStream.position());
  }
}
