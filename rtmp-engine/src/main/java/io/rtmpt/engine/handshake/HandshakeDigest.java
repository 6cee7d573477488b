package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Flash Player 9 ("FP9", "complex") handshake digests: an HMAC-SHA256 hidden at a
 * data-dependent offset of C1/S1, and an HMAC-SHA256 signature in the last 32 bytes of C2/S2.
 *
 * <p>Wire facts (librtmp {@code handshake.h}, FFmpeg {@code rtmpproto.c}):
 *
 * <ul>
 *   <li>C1/S1 digest: 32 bytes at an offset given by one of two {@link Scheme schemes}; its value
 *       is HMAC-SHA256 over the other 1504 bytes of the packet (the bytes before and after the
 *       digest, concatenated) keyed with the first 30 bytes of the {@link Key#FLASH_PLAYER} key
 *       (client) or the first 36 bytes of the {@link Key#FLASH_MEDIA_SERVER} key (server).
 *   <li>C2/S2 signature: the last 32 bytes are HMAC-SHA256 over the first 1504 bytes, keyed with
 *       HMAC-SHA256(full key of the sender, the peer's 32-byte C1/S1 digest): S2 uses the full
 *       68-byte server key and the client's digest, C2 the full 62-byte player key and the server's
 *       digest.
 * </ul>
 */
public final class HandshakeDigest {
  /** Length of a digest and of a signature: one HMAC-SHA256. */
  public static final int DIGEST_LENGTH = 32;

  /** Bytes of a C2/S2 covered by its signature: all but the trailing {@value #DIGEST_LENGTH}. */
  public static final int SIGNED_LENGTH = PACKET_SIZE - DIGEST_LENGTH;

  private static final String HMAC_SHA256 = "HmacSHA256";

  /** The 32 bytes that end both handshake keys. */
  private static final byte[] KEY_CONSTANT_PART = {
    (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE,
    (byte) 0xE8, (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E,
    (byte) 0x7E, (byte) 0x57, (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29,
    (byte) 0x80, (byte) 0x6F, (byte) 0xAB, (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36,
    (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE
  };

  private HandshakeDigest() {}

  /**
   * Where the C1/S1 digest sits. The four bytes of the offset field are summed as unsigned values;
   * the digest starts at {@code (sum mod 728) + offsetField + 4}, so it always lies inside the same
   * 764-byte half of the packet as its offset field.
   */
  public enum Scheme {
    /**
     * Offset field at bytes 8..11, digest at {@code (sum mod 728) + 12}: the layout of plain (C0 =
     * 3) FP9 handshakes from FFmpeg and librtmp (librtmp offset set 0, SRS "schema 1").
     */
    DIGEST_FIRST(8),
    /**
     * Offset field at bytes 772..775, digest at {@code (sum mod 728) + 776}; the Diffie-Hellman key
     * of RTMPE sits in the first half (librtmp offset set 1, SRS "schema 0").
     */
    KEY_FIRST(772);

    private static final int OFFSET_MODULUS = 728;

    private final int offsetField;

    Scheme(int offsetField) {
      this.offsetField = offsetField;
    }

    /** Position of the four bytes whose sum selects the digest offset. */
    public int offsetField() {
      return offsetField;
    }

    /** Position of the 32-byte digest in {@code packet}, as this scheme computes it. */
    public int digestOffset(byte[] packet) {
      requirePacket(packet);
      return sum4(packet, offsetField) % OFFSET_MODULUS + offsetField + 4;
    }

    /**
     * Position of the 128-byte RTMPE Diffie-Hellman public key in {@code packet} under this scheme
     * (librtmp {@code GetDHOffset1/2}, FFmpeg {@code ff_rtmpe_compute_secret_key}): the key sits in
     * the other half of the packet than the digest. {@link #KEY_FIRST}: {@code (sum of bytes
     * 768..771) mod 632 + 8}, so within bytes 8..767; {@link #DIGEST_FIRST}: {@code (sum of bytes
     * 1532..1535) mod 632 + 772}, so within bytes 772..1531.
     */
    public int dhKeyOffset(byte[] packet) {
      requirePacket(packet);
      return this == KEY_FIRST
          ? sum4(packet, 768) % DH_OFFSET_MODULUS + 8
          : sum4(packet, 1532) % DH_OFFSET_MODULUS + 772;
    }

    /** Position of the four bytes whose sum selects {@link #dhKeyOffset}. */
    public int dhKeyOffsetField() {
      return this == KEY_FIRST ? 768 : 1532;
    }

    private static int sum4(byte[] packet, int from) {
      return (packet[from] & 0xFF)
          + (packet[from + 1] & 0xFF)
          + (packet[from + 2] & 0xFF)
          + (packet[from + 3] & 0xFF);
    }
  }

  /** Length of an RTMPE Diffie-Hellman public key in C1/S1. */
  public static final int DH_KEY_LENGTH = 128;

  private static final int DH_OFFSET_MODULUS = 632;

  /**
   * The two handshake keys: an ASCII text followed by the same 32 constant bytes. C1/S1 digests are
   * keyed with the text alone; C2/S2 signature keys are derived from the whole key.
   */
  public enum Key {
    /** "Genuine Adobe Flash Player 001" (30 bytes) + 32 bytes = 62 bytes; signs C1 and C2. */
    FLASH_PLAYER("Genuine Adobe Flash Player 001"),
    /** "Genuine Adobe Flash Media Server 001" (36 bytes) + 32 bytes = 68 bytes; signs S1 and S2. */
    FLASH_MEDIA_SERVER("Genuine Adobe Flash Media Server 001");

    private final byte[] textPart;
    private final byte[] fullKey;

    Key(String text) {
      textPart = text.getBytes(StandardCharsets.US_ASCII);
      fullKey = Arrays.copyOf(textPart, textPart.length + KEY_CONSTANT_PART.length);
      System.arraycopy(KEY_CONSTANT_PART, 0, fullKey, textPart.length, KEY_CONSTANT_PART.length);
    }

    /** The text part (30 or 36 bytes): the HMAC key of the C1/S1 digest. A copy. */
    public byte[] digestKey() {
      return textPart.clone();
    }

    /** The whole key (62 or 68 bytes), from which C2/S2 signature keys are derived. A copy. */
    public byte[] fullKey() {
      return fullKey.clone();
    }
  }

  /**
   * Computes the C1/S1 digest for the 32 bytes at {@code digestOffset}: HMAC-SHA256, keyed with
   * {@code key}'s {@linkplain Key#digestKey() text part}, over the packet without those 32 bytes.
   */
  public static byte[] packetDigest(byte[] packet, int digestOffset, Key key) {
    requirePacket(packet);
    if (digestOffset < 0 || digestOffset > PACKET_SIZE - DIGEST_LENGTH) {
      throw new IllegalArgumentException("digest offset out of range: " + digestOffset);
    }
    Mac mac = hmacSha256(key.textPart);
    mac.update(packet, 0, digestOffset);
    mac.update(packet, digestOffset + DIGEST_LENGTH, PACKET_SIZE - digestOffset - DIGEST_LENGTH);
    return mac.doFinal();
  }

  /**
   * Writes the digest into {@code packet} at the offset {@code scheme} derives from the packet's
   * current bytes (the offset field must therefore hold its final value already).
   *
   * @return the digest offset
   */
  public static int imprint(byte[] packet, Scheme scheme, Key key) {
    int offset = scheme.digestOffset(packet);
    byte[] digest = packetDigest(packet, offset, key);
    System.arraycopy(digest, 0, packet, offset, DIGEST_LENGTH);
    return offset;
  }

  /** Whether {@code packet} carries a valid digest at the offset {@code scheme} gives. */
  public static boolean hasValidDigest(byte[] packet, Scheme scheme, Key key) {
    int offset = scheme.digestOffset(packet);
    byte[] expected = packetDigest(packet, offset, key);
    return MessageDigest.isEqual(
        expected, Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH));
  }

  /**
   * The scheme under which {@code packet} carries a valid digest, trying {@link
   * Scheme#DIGEST_FIRST} first, or empty when neither validates.
   */
  public static Optional<Scheme> findValidDigest(byte[] packet, Key key) {
    for (Scheme scheme : Scheme.values()) {
      if (hasValidDigest(packet, scheme, key)) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }

  /** A copy of the 32-byte digest at the offset {@code scheme} gives. */
  public static byte[] digestAt(byte[] packet, Scheme scheme) {
    int offset = scheme.digestOffset(packet);
    return Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH);
  }

  /**
   * The C2/S2 signature: HMAC-SHA256 over the first {@value #SIGNED_LENGTH} bytes of {@code
   * packet}, keyed with HMAC-SHA256({@code key}'s {@linkplain Key#fullKey() full key}, {@code
   * peerDigest}).
   */
  public static byte[] signature(byte[] packet, byte[] peerDigest, Key key) {
    requirePacket(packet);
    byte[] signingKey = signingKey(peerDigest, key);
    Mac mac = hmacSha256(signingKey);
    mac.update(packet, 0, SIGNED_LENGTH);
    return mac.doFinal();
  }

  /**
   * The key of a C2/S2 signature: HMAC-SHA256({@code key}'s {@linkplain Key#fullKey() full key},
   * {@code peerDigest}). RTMPE types 8 and 9 also pick their signature cipher keys from its bytes.
   */
  public static byte[] signingKey(byte[] peerDigest, Key key) {
    Objects.requireNonNull(peerDigest, "peerDigest");
    if (peerDigest.length != DIGEST_LENGTH) {
      throw new IllegalArgumentException("peer digest must be 32 bytes, not " + peerDigest.length);
    }
    return hmacSha256(key.fullKey).doFinal(peerDigest);
  }

  /** Writes {@link #signature} into the last 32 bytes of {@code packet}. */
  public static void sign(byte[] packet, byte[] peerDigest, Key key) {
    byte[] signature = signature(packet, peerDigest, key);
    System.arraycopy(signature, 0, packet, SIGNED_LENGTH, DIGEST_LENGTH);
  }

  /** Whether the last 32 bytes of {@code packet} are its {@link #signature}. */
  public static boolean hasValidSignature(byte[] packet, byte[] peerDigest, Key key) {
    byte[] expected = signature(packet, peerDigest, key);
    return MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, SIGNED_LENGTH, PACKET_SIZE));
  }

  /**
   * HMAC-SHA256 of {@code length} bytes of {@code data} from {@code offset}, keyed with {@code
   * key}.
   */
  public static byte[] hmacSha256(byte[] key, byte[] data, int offset, int length) {
    Mac mac = hmacSha256(key);
    mac.update(data, offset, length);
    return mac.doFinal();
  }

  private static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256 (javax.crypto.Mac javadoc).
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static void requirePacket(byte[] packet) {
    Objects.requireNonNull(packet, "packet");
    if (packet.length != PACKET_SIZE) {
      throw new IllegalArgumentException(
          "handshake packet must be " + PACKET_SIZE + " bytes, not " + packet.length);
    }
  }
}
