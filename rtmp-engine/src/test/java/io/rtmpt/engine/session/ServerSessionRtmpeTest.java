package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.crypto.ReferenceRc4;
import io.rtmpt.engine.handshake.DiffieHellman;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.handshake.HandshakePolicy;
import io.rtmpt.engine.handshake.HandshakeRefusedException;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.handshake.RtmpeTestClient;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.RtmpScript;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A session behind an RTMPE handshake, without transport: the answer goes out in clear, the
 * client's C2 and its RC4-encrypted connect are taken apart correctly however they are cut, and the
 * replies come out encrypted with the server-to-client key.
 */
class ServerSessionRtmpeTest {
  private static final BigInteger CLIENT_PRIVATE = new BigInteger("c0ffee1234567890abcdef", 16);

  private static final byte[] CONNECT =
      new ChunkEncoder()
          .encode(
              MessageCodec.toRaw(
                  new CommandMessage(
                      "connect",
                      1,
                      AmfObject.of("app", "live", "tcUrl", "rtmpe://localhost/live"),
                      List.of(),
                      false),
                  3,
                  0,
                  0));

  @ParameterizedTest
  @EnumSource(
      value = FeedStrategy.class,
      names = {"WHOLE", "ONE_BYTE_AT_A_TIME", "RANDOM_SPLITS"})
  void connectsThroughRc4WhateverTheCutting(FeedStrategy strategy) throws Exception {
    RtmpEngine engine = new RtmpEngine(EngineConfig.defaults());
    for (List<ByteBuffer> pieces : strategy.cuts(new byte[1536 + CONNECT.length])) {
      int[] lengths = pieces.stream().mapToInt(ByteBuffer::remaining).toArray();
      assertEquals(
          List.of("NetConnection.Connect.Success"),
          connect(engine, HandshakeType.RTMPE, Scheme.KEY_FIRST, lengths),
          strategy.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void signatureEncryptingTypesConnectToo(HandshakeType type) throws Exception {
    RtmpEngine engine = new RtmpEngine(EngineConfig.defaults());
    assertEquals(
        List.of("NetConnection.Connect.Success"),
        connect(engine, type, Scheme.DIGEST_FIRST, new int[] {1536 + CONNECT.length}));
  }

  @Test
  void theSessionTellsItsHandshakeTypeOnceC0IsIn() throws Exception {
    Recorder events = new Recorder();
    RtmpEngine engine = new RtmpEngine(EngineConfig.defaults(), events);
    ServerSession session = engine.openSession(Transport.RTMPT, "127.0.0.1:1", () -> {});
    assertNull(session.info().handshake());
    assertEquals("rtmpt", session.info().variant());
    RtmpeTestClient client =
        new RtmpeTestClient(
            HandshakeType.RTMPE_XTEA,
            DiffieHellman.withPrivateKey(CLIENT_PRIVATE),
            new Random(2),
            Scheme.DIGEST_FIRST);
    byte[] c0c1 = client.c0c1();
    session.onBytes(ByteBuffer.wrap(c0c1, 0, 1));
    session.onBytes(ByteBuffer.wrap(c0c1, 1, c0c1.length - 1));

    assertEquals(HandshakeType.RTMPE_XTEA, session.info().handshake());
    assertEquals("rtmpte", session.info().variant());
    assertTrue(session.describe().startsWith("rtmpte 127.0.0.1:1 #"), session.describe());
    assertEquals(List.of("accepted rtmpe-xtea"), events.handshakes);
    session.close("test over");
  }

  @ParameterizedTest
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE", "RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void aPlainOnlyEngineRefusesEveryRtmpeTypeInOneLine(HandshakeType type) throws Exception {
    Recorder events = new Recorder();
    RtmpEngine engine =
        new RtmpEngine(
            EngineConfig.builder().handshakePolicy(HandshakePolicy.plainOnly()).build(), events);
    ServerSession session = engine.openSession(Transport.RTMP, "127.0.0.1:1", () -> {});
    RtmpeTestClient client =
        new RtmpeTestClient(
            type, DiffieHellman.withPrivateKey(CLIENT_PRIVATE), new Random(3), Scheme.KEY_FIRST);

    HandshakeRefusedException refused =
        assertThrows(
            HandshakeRefusedException.class, () -> session.onBytes(ByteBuffer.wrap(client.c0c1())));

    String reason =
        type.label() + " handshake (c0 = " + type.code() + ") refused: accepted types are rtmp";
    assertEquals(reason, refused.getMessage());
    assertEquals(type, refused.type());
    assertTrue(session.isClosed());
    assertEquals(0, session.pollOutbound(1 << 20).length, "no answer to a refused c0");
    assertEquals(List.of("refused " + type.label() + ": " + reason), events.handshakes);
    assertEquals(List.of(reason), events.protocolErrors);
    assertEquals(0, engine.sessionCount());
  }

  /** Records the handshake and protocol error events. */
  private static final class Recorder extends EngineListener {
    final List<String> handshakes = new CopyOnWriteArrayList<>();
    final List<String> protocolErrors = new CopyOnWriteArrayList<>();

    @Override
    public void handshakeAccepted(SessionInfo session, HandshakeType type) {
      handshakes.add("accepted " + type.label());
    }

    @Override
    public void handshakeRefused(SessionInfo session, HandshakeType type, String reason) {
      handshakes.add("refused " + type.label() + ": " + reason);
    }

    @Override
    public void protocolError(SessionInfo session, String reason) {
      protocolErrors.add(reason);
    }
  }

  /**
   * Handshake, then C2 + encrypted connect fed in pieces of the given lengths; returns the status
   * codes of the decrypted {@code _result} replies.
   */
  private static List<String> connect(
      RtmpEngine engine, HandshakeType type, Scheme scheme, int[] lengths) throws Exception {
    ServerSession session = engine.openSession(Transport.RTMP, "127.0.0.1:1", () -> {});
    try {
      RtmpeTestClient client =
          new RtmpeTestClient(
              type, DiffieHellman.withPrivateKey(CLIENT_PRIVATE), new Random(1), scheme);
      session.onBytes(ByteBuffer.wrap(client.c0c1()));
      byte[] answer = session.pollOutbound(1 << 20);
      assertEquals(3073, answer.length);
      assertEquals(type.code(), answer[0]);
      byte[] c2 = client.c2(answer);
      assertTrue(client.serverSignatureValid(), "s2 signature for type " + type);
      byte[] encrypted =
          new ReferenceRc4(client.keys().encryptKey()).skip(1536).apply(CONNECT.clone());
      byte[] input = concat(c2, encrypted);
      int at = 0;
      for (int length : lengths) {
        session.onBytes(ByteBuffer.wrap(input, at, length));
        at += length;
      }
      byte[] replies = session.pollOutbound(1 << 20);
      byte[] clear = new ReferenceRc4(client.keys().decryptKey()).skip(1536).apply(replies);
      return statusCodesOfResults(clear);
    } finally {
      session.close("test over");
    }
  }

  private static List<String> statusCodesOfResults(byte[] stream) throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    List<RawMessage> raws = new ArrayList<>();
    decoder.decode(ByteBuffer.wrap(stream), raws::add);
    List<String> codes = new ArrayList<>();
    for (RawMessage raw : raws) {
      RtmpMessage message = MessageCodec.decode(raw);
      if (message instanceof CommandMessage c && c.name().equals("_result")) {
        codes.add(RtmpScript.statusCode(c));
      }
    }
    return codes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
