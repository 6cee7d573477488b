package io.rtmpt.engine.handshake;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPrivateKeySpec;
import javax.crypto.spec.DHPublicKeySpec;

/**
 * One side's Diffie-Hellman key of an RTMPE handshake, with the JCE "DH" provider.
 *
 * <p>Group: the 1024-bit MODP prime of RFC 2409 section 6.2 (Oakley group 2), generator 2 (librtmp
 * {@code dhgroups.h} P1024, FFmpeg {@code rtmpdh.c}). Public keys and the shared secret travel as
 * 128-byte big-endian unsigned integers, <b>left</b>-padded with zeros when the number is shorter
 * (librtmp {@code DHGetPublicKey} writes at {@code pubkey + (128 - len)}; nettle's {@code
 * mpz_get_str_256} pads the secret the same way). About one key in 256 is shorter than 128 bytes; a
 * server that pads on the right (Red5's {@code InboundHandshake}) fails those handshakes.
 *
 * <p>Not thread-safe; one instance per handshake.
 */
public final class DiffieHellman {
  /**
   * RFC 2409 section 6.2, the Second Oakley Group: 2^1024 - 2^960 - 1 + 2^64 * ([2^894 pi] +
   * 129093).
   */
  public static final BigInteger PRIME =
      new BigInteger(
          "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
              + "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
              + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
              + "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
              + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381"
              + "FFFFFFFFFFFFFFFF",
          16);

  public static final BigInteger GENERATOR = BigInteger.TWO;

  /** Bytes of a public key or shared secret on the wire. */
  public static final int KEY_LENGTH = 128;

  private static final DHParameterSpec GROUP = new DHParameterSpec(PRIME, GENERATOR);

  private final KeyPair keyPair;

  private DiffieHellman(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  /** A fresh key pair from {@code random}. */
  public static DiffieHellman generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
      generator.initialize(GROUP, random);
      return new DiffieHellman(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      // SunJCE provides DH with explicit 1024-bit parameters on every Java platform we run on.
      throw new IllegalStateException("Diffie-Hellman over the RFC 2409 group is not available", e);
    }
  }

  /** The key pair with the given private exponent (tests and known-answer vectors). */
  public static DiffieHellman withPrivateKey(BigInteger privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (privateKey.signum() <= 0 || privateKey.compareTo(PRIME) >= 0) {
      throw new IllegalArgumentException("private key must lie within 1..p-1");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("DH");
      BigInteger publicKey = GENERATOR.modPow(privateKey, PRIME);
      return new DiffieHellman(
          new KeyPair(
              factory.generatePublic(new DHPublicKeySpec(publicKey, PRIME, GENERATOR)),
              factory.generatePrivate(new DHPrivateKeySpec(privateKey, PRIME, GENERATOR))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Diffie-Hellman keys cannot be built", e);
    }
  }

  /** This side's public key, 128 bytes, left-padded. */
  public byte[] publicKey() {
    return toWire(((DHPublicKey) keyPair.getPublic()).getY());
  }

  /**
   * The shared secret with the peer whose 128-byte public key starts at {@code offset} of {@code
   * packet}, as 128 bytes left-padded.
   *
   * @throws RtmpProtocolException when the peer's key is outside 2..p-2 (RFC 2631 section 2.1.5,
   *     librtmp {@code isValidPublicKey}): such a key gives a guessable secret
   */
  public byte[] sharedSecret(byte[] packet, int offset) throws RtmpProtocolException {
    byte[] peer = new byte[KEY_LENGTH];
    System.arraycopy(packet, offset, peer, 0, KEY_LENGTH);
    BigInteger y = new BigInteger(1, peer);
    if (y.compareTo(BigInteger.TWO) < 0 || y.compareTo(PRIME.subtract(BigInteger.TWO)) > 0) {
      throw new RtmpProtocolException(
          "rtmpe: peer diffie-hellman public key at offset " + offset + " is outside 2..p-2");
    }
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("DH");
      agreement.init(keyPair.getPrivate());
      agreement.doPhase(
          KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(y, PRIME, GENERATOR)),
          true);
      // SunJCE already pads to the prime's length; going through BigInteger keeps that true for
      // any provider.
      return toWire(new BigInteger(1, agreement.generateSecret()));
    } catch (InvalidKeyException e) {
      throw new RtmpProtocolException("rtmpe: peer diffie-hellman public key refused: " + e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Diffie-Hellman key agreement failed", e);
    }
  }

  /** {@code value} as {@value #KEY_LENGTH} big-endian bytes, zeros on the left. */
  static byte[] toWire(BigInteger value) {
    byte[] magnitude = value.toByteArray(); // may carry one leading sign byte (zero)
    int skip = magnitude.length > KEY_LENGTH ? magnitude.length - KEY_LENGTH : 0;
    for (int i = 0; i < skip; i++) {
      if (magnitude[i] != 0) {
        throw new IllegalArgumentException("value exceeds " + KEY_LENGTH + " bytes");
      }
    }
    byte[] wire = new byte[KEY_LENGTH];
    int length = magnitude.length - skip;
    System.arraycopy(magnitude, skip, wire, KEY_LENGTH - length, length);
    return wire;
  }
}
