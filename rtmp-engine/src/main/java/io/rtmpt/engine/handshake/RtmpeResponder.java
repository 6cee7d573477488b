package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakeDigest.DH_KEY_LENGTH;
import static io.rtmpt.engine.handshake.HandshakeDigest.DIGEST_LENGTH;
import static io.rtmpt.engine.handshake.HandshakeDigest.SIGNED_LENGTH;
import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;
import static io.rtmpt.engine.handshake.HandshakePackets.VERSION_OFFSET;

import io.rtmpt.engine.crypto.RtmpeKeys;
import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * The server's S1 and S2 for an RTMPE C1 (C0 = 6, 8 or 9), and the RC4 keys that follow from them.
 *
 * <p>What the clients need (librtmp {@code HandShake}/{@code SHandShake}, FFmpeg {@code
 * rtmp_handshake}, {@code rtmpcrypt.c}):
 *
 * <ul>
 *   <li>C1 must carry a valid Flash Player digest under one of the two {@link Scheme schemes}; the
 *       client's DH public key sits where that same scheme puts it ({@link Scheme#dhKeyOffset}).
 *       Encrypting clients use {@link Scheme#KEY_FIRST}; librtmp's server also accepts the other,
 *       and so does this one.
 *   <li>S1: uptime, server version {@code 4.5.0.1}, the server digest under {@link
 *       Scheme#KEY_FIRST} (librtmp and FFmpeg players check that scheme first) and the server's DH
 *       public key at that scheme's key offset. A second copy of the key sits at the {@link
 *       Scheme#DIGEST_FIRST} key offset: FFmpeg's RTMPE client, when publishing or facing a server
 *       version below 3, skips the digest and reads the server key from there. The offset fields
 *       are drawn again until the second copy overlaps neither the digest nor the offset fields.
 *   <li>S2: random bytes whose last 32 are the signature for the client's digest; for types 8 and 9
 *       that signature is further encrypted ({@link SignatureCipher}).
 *   <li>Keys: {@link RtmpeKeys#derive} with the shared secret, the server key as "own" key.
 * </ul>
 */
final class RtmpeResponder {
  /** S1, S2 and the keys for one RTMPE C1. */
  record Answer(byte[] s1, byte[] s2, RtmpeKeys keys) {}

  private RtmpeResponder() {}

  static Answer answer(HandshakeType type, byte[] c1, DiffieHellman dh, Random random, long uptime)
      throws RtmpProtocolException {
    Optional<Scheme> clientScheme = HandshakeDigest.findValidDigest(c1, Key.FLASH_PLAYER);
    if (clientScheme.isEmpty()) {
      throw new RtmpProtocolException(
          "rtmpe handshake (c0 = "
              + type.code()
              + "): c1 carries no valid digest (client version "
              + HandshakePackets.version(c1)
              + ")");
    }
    Scheme scheme = clientScheme.get();
    int clientKeyOffset = scheme.dhKeyOffset(c1);
    byte[] clientKey = Arrays.copyOfRange(c1, clientKeyOffset, clientKeyOffset + DH_KEY_LENGTH);
    byte[] secret = dh.sharedSecret(c1, clientKeyOffset);
    byte[] serverKey = dh.publicKey();

    byte[] s1 = s1(serverKey, random, uptime);
    byte[] clientDigest = HandshakeDigest.digestAt(c1, scheme);
    byte[] s2 = new byte[PACKET_SIZE];
    random.nextBytes(s2);
    HandshakeDigest.sign(s2, clientDigest, Key.FLASH_MEDIA_SERVER);
    SignatureCipher.encrypt(
        type, s2, SIGNED_LENGTH, HandshakeDigest.signingKey(clientDigest, Key.FLASH_MEDIA_SERVER));
    return new Answer(s1, s2, RtmpeKeys.derive(secret, serverKey, clientKey));
  }

  /** S1 with the server key at both schemes' key offsets and the digest under KEY_FIRST. */
  static byte[] s1(byte[] serverKey, Random random, long uptime) {
    byte[] s1 = new byte[PACKET_SIZE];
    random.nextBytes(s1);
    Bytes.putU32(s1, 0, uptime);
    System.arraycopy(
        ServerHandshake.SERVER_VERSION,
        0,
        s1,
        VERSION_OFFSET,
        ServerHandshake.SERVER_VERSION.length);
    byte[] field = new byte[4];
    while (!secondKeyFits(s1)) {
      random.nextBytes(field);
      System.arraycopy(field, 0, s1, Scheme.KEY_FIRST.offsetField(), 4);
      random.nextBytes(field);
      System.arraycopy(field, 0, s1, Scheme.DIGEST_FIRST.dhKeyOffsetField(), 4);
    }
    System.arraycopy(serverKey, 0, s1, Scheme.KEY_FIRST.dhKeyOffset(s1), DH_KEY_LENGTH);
    System.arraycopy(serverKey, 0, s1, Scheme.DIGEST_FIRST.dhKeyOffset(s1), DH_KEY_LENGTH);
    HandshakeDigest.imprint(s1, Scheme.KEY_FIRST, Key.FLASH_MEDIA_SERVER);
    return s1;
  }

  /**
   * Whether the key copy at DIGEST_FIRST's key offset stays clear of the KEY_FIRST digest and of
   * both offset fields in the second half (772..775 and 1532..1535).
   */
  private static boolean secondKeyFits(byte[] s1) {
    int key = Scheme.DIGEST_FIRST.dhKeyOffset(s1);
    int digest = Scheme.KEY_FIRST.digestOffset(s1);
    boolean keyAfterField = key >= Scheme.KEY_FIRST.offsetField() + 4;
    boolean digestBeforeField = digest + DIGEST_LENGTH <= Scheme.DIGEST_FIRST.dhKeyOffsetField();
    boolean disjoint = key + DH_KEY_LENGTH <= digest || digest + DIGEST_LENGTH <= key;
    return keyAfterField && digestBeforeField && disjoint;
  }
}
