package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.ReferenceDigests.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.crypto.ReferenceRc4;
import io.rtmpt.engine.crypto.RtmpeKeys;
import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RTMPE server handshake (C0 = 6, 8, 9) against {@link RtmpeTestClient}, with the
 * Diffie-Hellman arithmetic re-done with {@link BigInteger} and RC4 with {@link ReferenceRc4}: S0
 * echoes C0, S1 carries a valid digest and the server key (twice), S2's signature is encrypted as
 * the type says, both sides derive the same RC4 keys, left-padding holds for short keys, and the
 * bytes after C2 stay in the buffer whatever the cutting.
 */
class RtmpeHandshakeTest {
  /** A connect-like chunk the client sends encrypted right after C2. */
  private static final byte[] CHUNK_AFTER_C2 =
      Hex.decode("03 000000 00000e 14 00000000 02 0007", Hex.encode("connect".getBytes()));

  private static final BigInteger SERVER_PRIVATE = new BigInteger("1234567890abcdef1234567", 16);
  private static final BigInteger CLIENT_PRIVATE = new BigInteger("fedcba0987654321fedcba9", 16);

  static Stream<Arguments> typesAndCuttings() {
    return Stream.of(HandshakeType.RTMPE, HandshakeType.RTMPE_XTEA, HandshakeType.RTMPE_BLOWFISH)
        .flatMap(t -> Stream.of(FeedStrategy.values()).map(s -> Arguments.of(t, s)));
  }

  @ParameterizedTest(name = "c0 = {0}, {1}")
  @MethodSource("typesAndCuttings")
  void answersTheSameBytesDerivesTheClientsKeysAndLeavesTheEncryptedChunkInTheBuffer(
      HandshakeType type, FeedStrategy strategy) throws Exception {
    RtmpeTestClient client = client(type, Scheme.KEY_FIRST, CLIENT_PRIVATE);
    byte[] c0c1 = client.c0c1();
    byte[] answer = server(SERVER_PRIVATE).process(ByteBuffer.wrap(c0c1)).response();
    byte[] c2 = client.c2(answer);
    byte[] encryptedChunk =
        new ReferenceRc4(client.keys().encryptKey()).skip(1536).apply(CHUNK_AFTER_C2.clone());
    byte[] input = concat(c0c1, c2, encryptedChunk);

    assertEquals(type.code(), answer[0], "s0 echoes c0");
    assertTrue(client.serverSignatureValid(), "s2 signature, encrypted for type " + type);
    for (List<ByteBuffer> pieces : strategy.cuts(input)) {
      ServerHandshake server = server(SERVER_PRIVATE);
      ByteArrayOutputStream sent = new ByteArrayOutputStream();
      ByteArrayOutputStream leftOver = new ByteArrayOutputStream();
      for (ByteBuffer piece : pieces) {
        HandshakeResult result = server.process(piece);
        sent.write(result.response());
        leftOver.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
      }
      assertArrayEquals(answer, sent.toByteArray());
      assertArrayEquals(encryptedChunk, leftOver.toByteArray());
      assertTrue(server.isComplete());
      assertEquals(type, server.type().orElseThrow());
      RtmpeKeys keys = server.rtmpeKeys().orElseThrow();
      assertArrayEquals(client.keys().encryptKey(), keys.decryptKey());
      assertArrayEquals(client.keys().decryptKey(), keys.encryptKey());
      assertArrayEquals(
          CHUNK_AFTER_C2,
          new ReferenceRc4(keys.decryptKey()).skip(1536).apply(encryptedChunk.clone()));
    }
  }

  @ParameterizedTest
  @EnumSource(Scheme.class)
  void theKeysAreTheHmacsOfTheSharedSecretOverEachPublicKeyWhicheverSchemeTheClientUses(
      Scheme scheme) throws Exception {
    RtmpeTestClient client = client(HandshakeType.RTMPE, scheme, CLIENT_PRIVATE);
    byte[] c0c1 = client.c0c1();
    ServerHandshake server = server(SERVER_PRIVATE);
    byte[] s1 = Arrays.copyOfRange(server.process(ByteBuffer.wrap(c0c1)).response(), 1, 1537);

    byte[] clientKey = client.publicKey();
    byte[] serverKey = keyAt(s1, Scheme.KEY_FIRST);
    byte[] secret = wire(new BigInteger(1, clientKey).modPow(SERVER_PRIVATE, DiffieHellman.PRIME));
    RtmpeKeys keys = server.rtmpeKeys().orElseThrow();
    assertArrayEquals(
        wire(DiffieHellman.GENERATOR.modPow(SERVER_PRIVATE, DiffieHellman.PRIME)), serverKey);
    assertArrayEquals(
        Arrays.copyOf(ReferenceDigests.hmac(secret, serverKey), 16), keys.decryptKey());
    assertArrayEquals(
        Arrays.copyOf(ReferenceDigests.hmac(secret, clientKey), 16), keys.encryptKey());
  }

  @Test
  void s1HasAValidKeyFirstDigestAndTheServerKeyAtBothSchemesKeyOffsets() throws Exception {
    byte[] serverKey = DiffieHellman.withPrivateKey(SERVER_PRIVATE).publicKey();
    for (int seed = 0; seed < 500; seed++) {
      RtmpeTestClient client = client(HandshakeType.RTMPE, Scheme.KEY_FIRST, CLIENT_PRIVATE);
      byte[] c0c1 = client.c0c1();
      ServerHandshake server =
          new ServerHandshake(
              HandshakePolicy.all(),
              new Random(seed),
              () -> 0L,
              () -> DiffieHellman.withPrivateKey(SERVER_PRIVATE));
      byte[] s1 = Arrays.copyOfRange(server.process(ByteBuffer.wrap(c0c1)).response(), 1, 1537);

      assertEquals("04050001", Hex.encode(s1, 4, 4), "server version");
      int digest = ReferenceDigests.digestOffset(s1, 772);
      assertArrayEquals(
          ReferenceDigests.digestWithout(s1, digest, ReferenceDigests.SERVER_TEXT),
          Arrays.copyOfRange(s1, digest, digest + 32),
          "seed " + seed);
      assertArrayEquals(serverKey, keyAt(s1, Scheme.KEY_FIRST), "seed " + seed);
      // Where FFmpeg's publishing RTMPE client looks (rtmpcrypt.c: 1532, 632, 772).
      int ffmpegPublisherOffset = sum(s1, 1532) % 632 + 772;
      assertArrayEquals(
          serverKey,
          Arrays.copyOfRange(s1, ffmpegPublisherOffset, ffmpegPublisherOffset + 128),
          "seed " + seed);
    }
  }

  /** About one key in 256 is shorter than 128 bytes; found by search so every case is covered. */
  @Test
  void shortServerKeyIsLeftPaddedAndBothSidesAgree() throws Exception {
    BigInteger shortServer = privateKeyWithShortPublicKey(1);
    RtmpeTestClient client = client(HandshakeType.RTMPE, Scheme.KEY_FIRST, CLIENT_PRIVATE);
    byte[] c0c1 = client.c0c1();
    ServerHandshake server = server(shortServer);
    byte[] answer = server.process(ByteBuffer.wrap(c0c1)).response();
    client.c2(answer);

    byte[] serverKey = keyAt(Arrays.copyOfRange(answer, 1, 1537), Scheme.KEY_FIRST);
    assertEquals(0, serverKey[0], "left-padded");
    assertEquals(
        DiffieHellman.GENERATOR.modPow(shortServer, DiffieHellman.PRIME),
        new BigInteger(1, serverKey));
    assertArrayEquals(client.keys().encryptKey(), server.rtmpeKeys().orElseThrow().decryptKey());
    assertArrayEquals(client.keys().decryptKey(), server.rtmpeKeys().orElseThrow().encryptKey());
  }

  @Test
  void shortClientKeyAndShortSharedSecretGiveTheReferenceKeys() throws Exception {
    BigInteger shortClient = privateKeyWithShortPublicKey(2);
    BigInteger serverForShortSecret = privateKeyWithShortSecret(shortClient);
    RtmpeTestClient client = client(HandshakeType.RTMPE, Scheme.KEY_FIRST, shortClient);
    byte[] c0c1 = client.c0c1();
    ServerHandshake server = server(serverForShortSecret);
    byte[] answer = server.process(ByteBuffer.wrap(c0c1)).response();
    client.c2(answer);

    byte[] clientKey = client.publicKey();
    assertEquals(0, clientKey[0], "client key left-padded");
    byte[] secret =
        wire(new BigInteger(1, clientKey).modPow(serverForShortSecret, DiffieHellman.PRIME));
    assertEquals(0, secret[0], "shared secret left-padded");
    byte[] serverKey = keyAt(Arrays.copyOfRange(answer, 1, 1537), Scheme.KEY_FIRST);
    RtmpeKeys keys = server.rtmpeKeys().orElseThrow();
    assertArrayEquals(
        Arrays.copyOf(ReferenceDigests.hmac(secret, serverKey), 16), keys.decryptKey());
    assertArrayEquals(
        Arrays.copyOf(ReferenceDigests.hmac(secret, clientKey), 16), keys.encryptKey());
    assertArrayEquals(client.keys().encryptKey(), keys.decryptKey());
  }

  @Test
  void anRtmpeC1WithoutAValidDigestFailsTheHandshake() {
    RtmpeTestClient client = client(HandshakeType.RTMPE, Scheme.KEY_FIRST, CLIENT_PRIVATE);
    byte[] c0c1 = client.c0c1();
    c0c1[1536] ^= 1;
    ServerHandshake server = server(SERVER_PRIVATE);

    RtmpProtocolException e =
        assertThrows(RtmpProtocolException.class, () -> server.process(ByteBuffer.wrap(c0c1)));

    assertEquals(
        "rtmpe handshake (c0 = 6): c1 carries no valid digest (client version 128.0.3.2)",
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> server.process(ByteBuffer.allocate(1)));
    assertTrue(server.rtmpeKeys().isEmpty());
  }

  @ParameterizedTest(name = "client key {0}")
  @MethodSource("unusableKeys")
  void aClientKeyOutsideTwoToPMinusTwoFailsTheHandshake(String name, BigInteger key) {
    byte[] c1 = new byte[1536];
    new Random(3).nextBytes(c1);
    System.arraycopy(new byte[] {0, 0, 0, 0, (byte) 128, 0, 3, 2}, 0, c1, 0, 8);
    int offset = Scheme.KEY_FIRST.dhKeyOffset(c1);
    System.arraycopy(wire(key), 0, c1, offset, 128);
    HandshakeDigest.imprint(c1, Scheme.KEY_FIRST, Key.FLASH_PLAYER);
    ServerHandshake server = server(SERVER_PRIVATE);

    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class,
            () -> server.process(ByteBuffer.wrap(concat(new byte[] {6}, c1))));

    assertEquals(
        "rtmpe: peer diffie-hellman public key at offset " + offset + " is outside 2..p-2",
        e.getMessage());
    assertFalse(server.isComplete());
  }

  static Stream<Arguments> unusableKeys() {
    BigInteger p = DiffieHellman.PRIME;
    return Stream.of(
        Arguments.of("0", BigInteger.ZERO),
        Arguments.of("1", BigInteger.ONE),
        Arguments.of("p-1", p.subtract(BigInteger.ONE)));
  }

  @Test
  void plainC0AfterRtmpeSupportHasNoKeys() throws Exception {
    ServerHandshake server = server(SERVER_PRIVATE);
    byte[] c1 = new byte[1536];
    server.process(ByteBuffer.wrap(concat(new byte[] {3}, c1, new byte[1536])));

    assertTrue(server.isComplete());
    assertEquals(HandshakeType.PLAIN, server.type().orElseThrow());
    assertTrue(server.rtmpeKeys().isEmpty());
  }

  private static RtmpeTestClient client(HandshakeType type, Scheme scheme, BigInteger privateKey) {
    return new RtmpeTestClient(
        type, DiffieHellman.withPrivateKey(privateKey), new Random(7), scheme);
  }

  private static ServerHandshake server(BigInteger privateKey) {
    return new ServerHandshake(
        HandshakePolicy.all(),
        new Random(11),
        () -> 0L,
        () -> DiffieHellman.withPrivateKey(privateKey));
  }

  private static byte[] keyAt(byte[] packet, Scheme scheme) {
    int offset = scheme.dhKeyOffset(packet);
    return Arrays.copyOfRange(packet, offset, offset + 128);
  }

  private static int sum(byte[] packet, int from) {
    return (packet[from] & 0xFF)
        + (packet[from + 1] & 0xFF)
        + (packet[from + 2] & 0xFF)
        + (packet[from + 3] & 0xFF);
  }

  /** Left-padded 128 bytes, written out without DiffieHellman's helper. */
  private static byte[] wire(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[128];
    int n = Math.min(raw.length, 128);
    System.arraycopy(raw, raw.length - n, out, 128 - n, n);
    return out;
  }

  /** The first private key (counting up from a seed-derived start) whose public key is short. */
  private static BigInteger privateKeyWithShortPublicKey(long seed) {
    BigInteger x = new BigInteger(160, new Random(seed));
    while (DiffieHellman.GENERATOR.modPow(x, DiffieHellman.PRIME).bitLength() > 1016) {
      x = x.add(BigInteger.ONE);
    }
    return x;
  }

  private static BigInteger privateKeyWithShortSecret(BigInteger clientPrivate) {
    BigInteger clientPublic = DiffieHellman.GENERATOR.modPow(clientPrivate, DiffieHellman.PRIME);
    BigInteger x = new BigInteger(160, new Random(99));
    while (clientPublic.modPow(x, DiffieHellman.PRIME).bitLength() > 1016) {
      x = x.add(BigInteger.ONE);
    }
    return x;
  }
}
