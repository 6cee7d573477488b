package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.testing.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The production code against vectors captured from the real librtmp (see the header of each {@code
 * rtmpdump-rtmpe-N.txt}): Diffie-Hellman secret, RC4 key derivation, the XTEA / Blowfish signature
 * encryption of types 8 and 9, and RC4 on the first chunk. No external tool needed.
 */
class RtmpeKnownAnswerTest {
  @ParameterizedTest(name = "s0 = {0}")
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE", "RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void productionCodeReproducesWhatLibrtmpComputed(HandshakeType type) throws Exception {
    RtmpeVectors vectors = RtmpeVectors.read(type);
    assertEquals(type, vectors.type());

    RtmpeVectors.check(vectors);
  }

  /**
   * A capture whose shared secret starts with a zero byte: librtmp (nettle) pads it on the left to
   * 128 bytes before using it as the HMAC key; a right-padding server derives other RC4 keys.
   */
  @Test
  void aSharedSecretThatNeedsLeftPaddingGivesLibrtmpsKeys() throws Exception {
    RtmpeVectors vectors = RtmpeVectors.read("rtmpdump-rtmpe-6-short-secret.txt");
    assertEquals(0, vectors.librtmpSecret()[0], "the captured secret is short");

    RtmpeVectors.check(vectors);
  }

  /** The vectors pin the server key: it needed left-padding, and librtmp agreed on the secret. */
  @Test
  void theCapturedServerKeyIsLeftPadded() throws Exception {
    RtmpeVectors vectors = RtmpeVectors.read(HandshakeType.RTMPE);
    int offset = Scheme.KEY_FIRST.dhKeyOffset(vectors.s1());

    assertEquals(0, vectors.s1()[offset]);
    assertEquals(
        Hex.encode(DiffieHellman.withPrivateKey(vectors.serverPrivateKey()).publicKey()),
        Hex.encode(vectors.s1(), offset, 128));
  }

  /**
   * Types 8 and 9 differ from 6 only by the signature encryption: taking it away must break the
   * match with librtmp's signature, so the vectors do test the XTEA and Blowfish code.
   */
  @ParameterizedTest(name = "s0 = {0}")
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void withoutTheSignatureEncryptionLibrtmpsSignatureIsNotReproduced(HandshakeType type)
      throws Exception {
    RtmpeVectors v = RtmpeVectors.read(type);
    byte[] c2 = v.c2().clone();
    HandshakeDigest.sign(c2, HandshakeDigest.digestAt(v.s1(), Scheme.KEY_FIRST), Key.FLASH_PLAYER);

    assertNotEquals(
        Hex.encode(v.librtmpC2Signature()), Hex.encode(Arrays.copyOfRange(c2, 1504, 1536)));
  }
}
