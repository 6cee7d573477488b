package io.rtmpt.engine.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two RC4 keys of an RTMPE connection, as one side sees them.
 *
 * <p>Derivation (librtmp {@code InitRC4Encryption}, FFmpeg {@code ff_rtmpe_compute_secret_key}):
 * each key is the first 16 bytes of HMAC-SHA256 keyed with the 128-byte Diffie-Hellman shared
 * secret over one side's 128-byte public key. A side <em>encrypts</em> with the key derived from
 * its <em>peer's</em> public key and <em>decrypts</em> with the one derived from its own: the
 * client-to-server stream uses HMAC(secret, server public key), the server-to-client stream
 * HMAC(secret, client public key).
 *
 * @param decryptKey 16 bytes: the key of the stream this side receives
 * @param encryptKey 16 bytes: the key of the stream this side sends
 */
public record RtmpeKeys(byte[] decryptKey, byte[] encryptKey) {
  /** Length of an RC4 key: the first half of an HMAC-SHA256. */
  public static final int KEY_LENGTH = 16;

  public RtmpeKeys {
    decryptKey = checked(decryptKey, "decryptKey");
    encryptKey = checked(encryptKey, "encryptKey");
  }

  /**
   * The keys of the side whose public key is {@code ownPublicKey}.
   *
   * @param sharedSecret the 128-byte Diffie-Hellman secret, left-padded
   * @param ownPublicKey this side's 128-byte public key as sent (left-padded)
   * @param peerPublicKey the peer's 128-byte public key as received
   */
  public static RtmpeKeys derive(byte[] sharedSecret, byte[] ownPublicKey, byte[] peerPublicKey) {
    return new RtmpeKeys(rc4Key(sharedSecret, ownPublicKey), rc4Key(sharedSecret, peerPublicKey));
  }

  /** First 16 bytes of HMAC-SHA256(key = sharedSecret, data = publicKey). */
  public static byte[] rc4Key(byte[] sharedSecret, byte[] publicKey) {
    Objects.requireNonNull(sharedSecret, "sharedSecret");
    Objects.requireNonNull(publicKey, "publicKey");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sharedSecret, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(publicKey), KEY_LENGTH);
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256 (javax.crypto.Mac javadoc).
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public byte[] decryptKey() {
    return decryptKey.clone();
  }

  @Override
  public byte[] encryptKey() {
    return encryptKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RtmpeKeys that
        && Arrays.equals(decryptKey, that.decryptKey)
        && Arrays.equals(encryptKey, that.encryptKey);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(decryptKey) + Arrays.hashCode(encryptKey);
  }

  /** Never prints the keys. */
  @Override
  public String toString() {
    return "RtmpeKeys[2 x 16 bytes]";
  }

  private static byte[] checked(byte[] key, String name) {
    Objects.requireNonNull(key, name);
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException(name + " must be 16 bytes, not " + key.length);
    }
    return key.clone();
  }
}
