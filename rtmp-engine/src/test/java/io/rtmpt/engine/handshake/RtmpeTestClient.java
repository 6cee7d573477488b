package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.engine.crypto.RtmpeKeys;
import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * The client side of an RTMPE handshake as librtmp's {@code HandShake} does it, for unit tests of
 * the server: C1 with version 128.0.3.2, the client DH key and the digest under one scheme; C2
 * signed for the server's digest and, for S0 = 8 or 9, signature-encrypted. Its checks of S1 and S2
 * are reported, not thrown, so tests can look at a bad server. (The real-client evidence is in the
 * known-answer vectors captured from rtmpdump and in the interop tests.)
 */
public final class RtmpeTestClient {
  private final HandshakeType type;
  private final DiffieHellman dh;
  private final Random random;
  private final Scheme scheme;
  private byte[] c1;
  private RtmpeKeys keys;
  private boolean serverSignatureValid;

  public RtmpeTestClient(HandshakeType type, DiffieHellman dh, Random random, Scheme scheme) {
    this.type = type;
    this.dh = dh;
    this.random = random;
    this.scheme = scheme;
  }

  /** C0 and C1. */
  public byte[] c0c1() {
    c1 = new byte[1536];
    random.nextBytes(c1);
    System.arraycopy(new byte[] {0, 0, 0, 0, (byte) 128, 0, 3, 2}, 0, c1, 0, 8);
    System.arraycopy(dh.publicKey(), 0, c1, scheme.dhKeyOffset(c1), 128);
    HandshakeDigest.imprint(c1, scheme, Key.FLASH_PLAYER);
    byte[] c0c1 = new byte[1537];
    c0c1[0] = (byte) type.code();
    System.arraycopy(c1, 0, c0c1, 1, 1536);
    return c0c1;
  }

  /** The client's public key as sent in C1. */
  public byte[] publicKey() {
    return Arrays.copyOfRange(c1, scheme.dhKeyOffset(c1), scheme.dhKeyOffset(c1) + 128);
  }

  /** C2 for the server's S0 S1 S2; derives the keys and checks S2 on the way. */
  public byte[] c2(byte[] s0s1s2) throws RtmpProtocolException {
    assertEquals(3073, s0s1s2.length);
    HandshakeType answered = HandshakeType.ofCode(s0s1s2[0] & 0xFF).orElseThrow();
    byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1537);
    byte[] s2 = Arrays.copyOfRange(s0s1s2, 1537, 3073);
    Optional<Scheme> serverScheme = Optional.empty();
    for (Scheme candidate : new Scheme[] {Scheme.KEY_FIRST, Scheme.DIGEST_FIRST}) {
      if (HandshakeDigest.hasValidDigest(s1, candidate, Key.FLASH_MEDIA_SERVER)) {
        serverScheme = Optional.of(candidate);
        break;
      }
    }
    Scheme found = serverScheme.orElseThrow(() -> new AssertionError("s1 digest invalid"));
    int serverKeyOffset = found.dhKeyOffset(s1);
    byte[] serverKey = Arrays.copyOfRange(s1, serverKeyOffset, serverKeyOffset + 128);
    keys = RtmpeKeys.derive(dh.sharedSecret(s1, serverKeyOffset), publicKey(), serverKey);

    byte[] clientDigest = HandshakeDigest.digestAt(c1, scheme);
    byte[] expected = HandshakeDigest.signature(s2, clientDigest, Key.FLASH_MEDIA_SERVER);
    byte[] withExpected = s2.clone();
    System.arraycopy(expected, 0, withExpected, 1504, 32);
    SignatureCipher.encrypt(
        answered,
        withExpected,
        1504,
        HandshakeDigest.signingKey(clientDigest, Key.FLASH_MEDIA_SERVER));
    serverSignatureValid = Arrays.equals(withExpected, s2);

    byte[] c2 = new byte[1536];
    random.nextBytes(c2);
    byte[] serverDigest = HandshakeDigest.digestAt(s1, found);
    HandshakeDigest.sign(c2, serverDigest, Key.FLASH_PLAYER);
    SignatureCipher.encrypt(
        answered, c2, 1504, HandshakeDigest.signingKey(serverDigest, Key.FLASH_PLAYER));
    return c2;
  }

  public RtmpeKeys keys() {
    return keys;
  }

  public boolean serverSignatureValid() {
    return serverSignatureValid;
  }
}
