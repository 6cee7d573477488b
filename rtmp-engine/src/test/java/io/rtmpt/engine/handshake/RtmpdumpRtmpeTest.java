package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.handshake.RtmpdumpCapture.Capture;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RTMPE server handshake against the real librtmp (rtmpdump): for S0 = 6, 8 and 9 librtmp must
 * find our S1 digest and accept our S2 signature ("Genuine Adobe Flash Media Server"), derive the
 * shared secret and RC4 keys we derive, and send a {@code connect} that our keys decrypt. The
 * server's key is one whose public key needs left-padding.
 *
 * <p>Run with {@code -Drtmpe.vectors.out=DIR} it also writes the capture as known-answer vectors
 * ({@link RtmpeVectors}); that is how {@code src/test/resources/.../rtmpdump-rtmpe-*.txt} were
 * made.
 */
class RtmpdumpRtmpeTest {
  /** A private key whose public key 2^x mod p is shorter than 128 bytes (found by search). */
  static final BigInteger SHORT_PUBLIC_KEY_PRIVATE = shortPublicKeyPrivate();

  @TempDir Path dir;

  @ParameterizedTest(name = "s0 = {0}")
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE", "RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void librtmpAcceptsTheAnswerAndDerivesOurKeys(HandshakeType type) throws Exception {
    Capture capture = RtmpdumpCapture.run(type, SHORT_PUBLIC_KEY_PRIVATE, dir);
    String log = capture.log();

    assertEquals(3073, capture.s0s1s2().length, "server answered\n" + log);
    byte[] s1 = Arrays.copyOfRange(capture.s0s1s2(), 1, 1537);
    assertEquals(0, s1[Scheme.KEY_FIRST.dhKeyOffset(s1)], "our key is left-padded");
    assertTrue(log.contains("Genuine Adobe Flash Media Server"), log);
    assertFalse(log.contains("not genuine"), log);
    assertFalse(log.contains("Couldn't verify the server digest"), log);
    assertEquals(1536, capture.c2().length, "c2 received\n" + log);

    RtmpeVectors.check(RtmpeVectors.of(capture));

    String property = System.getProperty("rtmpe.vectors.out");
    if (property != null && !property.isBlank()) {
      RtmpeVectors.write(RtmpeVectors.of(capture), Path.of(property));
    }
  }

  private static BigInteger shortPublicKeyPrivate() {
    BigInteger x = new BigInteger("3f2a9c41d7e5b80c6a1f", 16);
    while (DiffieHellman.GENERATOR.modPow(x, DiffieHellman.PRIME).bitLength() > 1016) {
      x = x.add(BigInteger.ONE);
    }
    return x;
  }
}
