package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.crypto.RtmpeKeys;
import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FuzzInput;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Jazzer targets for {@link ServerHandshake}, the first code an unauthenticated client reaches.
 * Regression inputs: {@code
 * src/test/resources/io/rtmpt/engine/handshake/ServerHandshakeJazzerTestInputs/} (seeds from ffmpeg
 * and rtmpdump captures, written by {@code FuzzSeeds}); a longer campaign: README, section Fuzzing.
 */
class ServerHandshakeJazzerTest {
  /** A fixed server key: a fresh key per input would spend the run in key generation. */
  private static final DiffieHellman SERVER_KEY =
      DiffieHellman.withPrivateKey(new BigInteger("5a17c0de5eed7a11fa11b0a75eed5a17c0de", 16));

  private static final int HANDSHAKE_BYTES = 1 + 2 * PACKET_SIZE;

  private static ServerHandshake server() {
    return new ServerHandshake(HandshakePolicy.all(), new Random(7), () -> 0L, () -> SERVER_KEY);
  }

  /**
   * Any client bytes, cut into pieces: the server answers S0 S1 S2 once, when C1 is in, or refuses
   * with an {@link RtmpProtocolException} and then refuses every call; it never consumes past C2
   * and is complete exactly when C2 is in.
   *
   * <p>Input: one byte choosing how the rest is cut ({@link FuzzInput#pieces}), then the bytes.
   */
  @FuzzTest(maxDuration = "5m")
  void anyClientBytesGetOneAnswerOrARefusal(byte[] input) throws RtmpProtocolException {
    FuzzInput in = new FuzzInput(input);
    int cutting = in.u8();
    byte[] client = in.rest();
    ServerHandshake server = server();
    int consumed = 0;
    int answered = 0;
    for (ByteBuffer piece : FuzzInput.pieces(client, cutting)) {
      int before = piece.position();
      HandshakeResult result;
      try {
        result = server.process(piece);
      } catch (RtmpProtocolException refused) {
        assertFalse(server.isComplete());
        assertThrows(IllegalStateException.class, () -> server.process(ByteBuffer.allocate(1)));
        return;
      }
      int after = consumed + piece.position() - before;
      if (result.response().length > 0) {
        answered++;
        assertEquals(HANDSHAKE_BYTES, result.response().length, "s0 s1 s2 length");
        assertTrue(consumed < 1 + PACKET_SIZE && after >= 1 + PACKET_SIZE, "answered before c1");
        int s0 = result.response()[0] & 0xFF;
        assertTrue(HandshakeType.ofCode(s0).isPresent(), "s0 " + s0);
        HandshakeType type = HandshakeType.ofCode(s0).orElseThrow();
        assertEquals(type.encrypted(), server.rtmpeKeys().isPresent(), "rtmpe keys for " + type);
      }
      consumed = after;
      assertTrue(consumed <= HANDSHAKE_BYTES, "consumed past c2: " + consumed);
      assertEquals(consumed == HANDSHAKE_BYTES, result.complete(), "complete at " + consumed);
      assertEquals(result.complete(), server.isComplete());
      if (!result.complete()) {
        assertFalse(piece.hasRemaining(), "stopped early at " + consumed);
      }
    }
    assertEquals(consumed >= 1 + PACKET_SIZE ? 1 : 0, answered, "answers");
    if (server.isComplete()) {
      ByteBuffer more = ByteBuffer.wrap(new byte[] {1, 2, 3});
      assertEquals(new HandshakeResult(new byte[0], true), server.process(more));
      assertEquals(0, more.position(), "consumed after completion");
    }
  }

  /**
   * An RTMPE client whose C1 carries a valid digest, so that the fuzzer reaches what follows it:
   * the Diffie-Hellman key. Either the fuzzer's raw key bytes stay (a key outside 2..p-2 must be
   * refused, any other answered), or the key is computed from a fuzzer-chosen private key, and then
   * the client must verify S1 and S2 and derive the server's RC4 keys.
   *
   * <p>Input: one byte (bits 0-1: C0 = 6, 8, 9, 9; bit 2: digest scheme; bit 3: computed key), up
   * to 16 bytes of private key when the key is computed, then C1 (zero-padded to 1536 bytes).
   */
  @FuzzTest(maxDuration = "5m")
  void rtmpeClientWithAValidDigestIsAnsweredOrRefused(byte[] input) throws RtmpProtocolException {
    FuzzInput in = new FuzzInput(input);
    int selector = in.u8();
    HandshakeType type =
        new HandshakeType[] {
              HandshakeType.RTMPE,
              HandshakeType.RTMPE_XTEA,
              HandshakeType.RTMPE_BLOWFISH,
              HandshakeType.RTMPE_BLOWFISH
            }
            [selector & 3];
    Scheme scheme = (selector & 4) == 0 ? Scheme.KEY_FIRST : Scheme.DIGEST_FIRST;
    DiffieHellman client = null;
    if ((selector & 8) != 0) {
      client = DiffieHellman.withPrivateKey(new BigInteger(1, in.bytes(16)).add(BigInteger.TWO));
    }
    byte[] c1 = Arrays.copyOf(in.rest(), PACKET_SIZE);
    if (client != null) {
      System.arraycopy(client.publicKey(), 0, c1, scheme.dhKeyOffset(c1), 128);
    }
    HandshakeDigest.imprint(c1, scheme, Key.FLASH_PLAYER);
    byte[] c0c1 = new byte[1 + PACKET_SIZE];
    c0c1[0] = (byte) type.code();
    System.arraycopy(c1, 0, c0c1, 1, PACKET_SIZE);

    ServerHandshake server = server();
    int keyOffset = scheme.dhKeyOffset(c1);
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(c1, keyOffset, keyOffset + 128));
    boolean usableKey =
        y.compareTo(BigInteger.TWO) >= 0
            && y.compareTo(DiffieHellman.PRIME.subtract(BigInteger.TWO)) <= 0;
    HandshakeResult result;
    try {
      result = server.process(ByteBuffer.wrap(c0c1));
    } catch (RtmpProtocolException refused) {
      assertFalse(usableKey, () -> "usable key refused: " + refused.getMessage());
      return;
    }
    assertTrue(usableKey, "key outside 2..p-2 accepted: " + y.toString(16));
    byte[] answer = result.response();
    assertEquals(HANDSHAKE_BYTES, answer.length);
    assertEquals(type.code(), answer[0] & 0xFF, "s0 echoes c0");
    byte[] s1 = Arrays.copyOfRange(answer, 1, 1 + PACKET_SIZE);
    assertTrue(HandshakeDigest.hasValidDigest(s1, Scheme.KEY_FIRST, Key.FLASH_MEDIA_SERVER));
    if (client != null) {
      int serverKeyOffset = Scheme.KEY_FIRST.dhKeyOffset(s1);
      byte[] serverKey = Arrays.copyOfRange(s1, serverKeyOffset, serverKeyOffset + 128);
      byte[] clientKey = Arrays.copyOfRange(c1, keyOffset, keyOffset + 128);
      RtmpeKeys clientKeys =
          RtmpeKeys.derive(client.sharedSecret(s1, serverKeyOffset), clientKey, serverKey);
      Optional<RtmpeKeys> serverKeys = server.rtmpeKeys();
      assertTrue(serverKeys.isPresent());
      assertArrayEquals(clientKeys.encryptKey(), serverKeys.get().decryptKey());
      assertArrayEquals(clientKeys.decryptKey(), serverKeys.get().encryptKey());
    }
  }
}
