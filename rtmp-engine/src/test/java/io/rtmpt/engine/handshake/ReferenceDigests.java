package io.rtmpt.engine.handshake;

import io.rtmpt.engine.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The handshake keys and HMACs written out again for the tests, straight from the wire facts and
 * javax.crypto, without {@link HandshakeDigest}: fixtures built with these check the production
 * code instead of agreeing with it by construction.
 */
final class ReferenceDigests {
  /**
   * The 32 bytes that end both keys (librtmp GenuineFPKey / GenuineFMSKey, FFmpeg rtmp_player_key).
   */
  static final byte[] KEY_TAIL =
      Hex.decode("F0EEC24A 8068BEE8 2E00D0D1 029E7E57", "6EEC5D2D 29806FAB 93B8E636 CFEB31AE");

  static final byte[] PLAYER_TEXT =
      "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SERVER_TEXT =
      "Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PLAYER_KEY = concat(PLAYER_TEXT, KEY_TAIL);
  static final byte[] SERVER_KEY = concat(SERVER_TEXT, KEY_TAIL);

  private ReferenceDigests() {}

  /** (sum of the 4 bytes at field) mod 728 + field + 4. */
  static int digestOffset(byte[] packet, int field) {
    int sum =
        (packet[field] & 0xFF)
            + (packet[field + 1] & 0xFF)
            + (packet[field + 2] & 0xFF)
            + (packet[field + 3] & 0xFF);
    return sum % 728 + field + 4;
  }

  /** HMAC-SHA256 over the 1536-byte packet without the 32 bytes at offset. */
  static byte[] digestWithout(byte[] packet, int offset, byte[] key) {
    return hmac(
        key,
        Arrays.copyOfRange(packet, 0, offset),
        Arrays.copyOfRange(packet, offset + 32, packet.length));
  }

  /** HMAC-SHA256(HMAC-SHA256(fullKey, peerDigest), first 1504 bytes of packet). */
  static byte[] signature(byte[] packet, byte[] peerDigest, byte[] fullKey) {
    return hmac(hmac(fullKey, peerDigest), Arrays.copyOfRange(packet, 0, 1504));
  }

  static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
