package io.rtmpt.engine.handshake;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.XTEAEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The extra encryption of the 32-byte C2/S2 signature in RTMPE handshakes of type 8 (XTEA) and 9
 * (Blowfish), applied by both sides after computing the signature and before sending or comparing.
 *
 * <p>Wire facts (librtmp {@code handshake.h} {@code rtmpe8_sig}/{@code rtmpe9_sig}, FFmpeg {@code
 * rtmpcrypt.c} {@code ff_rtmpe_encrypt_sig}): the signature is four 8-byte blocks, each encrypted
 * alone (ECB) with key number {@code signingKey[i] mod 15} of a fixed table, where {@code i} is the
 * block's offset (0, 8, 16, 24) and {@code signingKey} is the signature's HMAC key ({@link
 * HandshakeDigest#signingKey}). Both ciphers work on two 32-bit words read <b>little-endian</b>
 * from the block, while the JCE and BouncyCastle block ciphers read big-endian words: the bytes of
 * each word are reversed before and after the block cipher. XTEA: 32 cycles, 128-bit keys given as
 * four 32-bit words (fed to BouncyCastle's {@link XTEAEngine} big-endian); Blowfish: standard,
 * 24-byte keys (JCE).
 */
public final class SignatureCipher {
  private static final int BLOCK = 8;
  private static final int KEY_CHOICES = 15; // "mod 15": the 16th table entry is never selected

  /** librtmp {@code rtmpe8_keys}: 16 XTEA keys of four 32-bit words. */
  private static final byte[][] XTEA_KEYS =
      keys(
          "bff034b2 11d9081f ccdfb795 748de732",
          "086a5eb6 1743090e 6ef05ab8 fe5a39e2",
          "7b10956f 76ce0521 2388a73a 440149a1",
          "a943f317 ebf11bb2 a691a5ee 17f36339",
          "7a30e00a b529e22c a087aea5 c0cb79ac",
          "bdce0c23 2febdeff 1cfaae16 1123239d",
          "55dd3f7b 77e7e62e 9bb8c499 c9481ee4",
          "407bb6b4 71e89136 a7aebf55 ca33b839",
          "fcf6bdc3 b63c3697 7ce4f825 04d959b2",
          "28e091fd 41954c4c 7fb7db00 e3a066f8",
          "57845b76 4f251b03 46d45bcd a2c30d29",
          "0acceef8 da55b546 03473452 5863713b",
          "b82075dc a75f1fee d84268e8 a72a44cc",
          "07cf6e9e a16d7b25 9fa7ae6c d92f5629",
          "feb1eae4 8c8c3ce1 4e0064a7 6a387c2a",
          "893a9427 cc3013a2 f106385b a829f927");

  /** librtmp {@code rtmpe9_keys}: 16 Blowfish keys of 24 bytes. */
  private static final byte[][] BLOWFISH_KEYS =
      keys(
          "7934774c67d1383adfb356be8b7bd02438e07358415d6967",
          "46f6b4cc0193e3a19e7d3c655586fd098ff7b3c46f41ca5c",
          "1ae7e2f3f9147994c0d39743087bb384432f9d843f21019b",
          "d3e354b0f71df62b5a434d0483643e0d592f61cbb16a590d",
          "c8c1e9b8165699217b5b36b7b59bdf06492c97f59548857e",
          "ebe5e62ea4bad42cf216e08f6623a94341ce381484950053",
          "66db90f03b4ff56fe49c2089355ed2b2c39e9f7f63b22881",
          "bb20aced2a046a1994989bc8ffcd93efc60d56a7eb13d930",
          "bcf2438209408a8725436de6bba4b944583f217c99bb3f24",
          "ec1aaacdcebd5311d2fb83b6c3baab4f6279e865a9922876",
          "c60c300391182d7b79dae1d564779a12c5b1d7914f964ca3",
          "d77c2abfa6e7857c45adff1294d8dea45c3d79a444025d22",
          "16190d816a4cc7f8b8f94ecd2c9e9084b2082560e11eae18",
          "e97c58261b519e49826061fca0a01bcdf505d6a66d0788a3",
          "2b97118bd94ed9df20e39c10e6a1352111f9130d0b2465b2",
          "536a4c54ac8b9bb89729fc602c5b3a8568b5aa6a44cd3fa7");

  private SignatureCipher() {}

  /**
   * Encrypts the 32-byte signature at {@code offset} of {@code packet} in place, as handshake
   * {@code type} requires: XTEA for {@link HandshakeType#RTMPE_XTEA}, Blowfish for {@link
   * HandshakeType#RTMPE_BLOWFISH}, nothing for the other types.
   *
   * @param signingKey the 32-byte HMAC key of the signature; selects the cipher key of each block
   */
  public static void encrypt(HandshakeType type, byte[] packet, int offset, byte[] signingKey) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(packet, "packet");
    Objects.requireNonNull(signingKey, "signingKey");
    if (signingKey.length != HandshakeDigest.DIGEST_LENGTH
        || offset < 0
        || offset > packet.length - HandshakeDigest.DIGEST_LENGTH) {
      throw new IllegalArgumentException("need a 32-byte signature and a 32-byte signing key");
    }
    if (type != HandshakeType.RTMPE_XTEA && type != HandshakeType.RTMPE_BLOWFISH) {
      return;
    }
    for (int i = 0; i < HandshakeDigest.DIGEST_LENGTH; i += BLOCK) {
      int keyIndex = (signingKey[i] & 0xFF) % KEY_CHOICES;
      reverseWords(packet, offset + i);
      if (type == HandshakeType.RTMPE_XTEA) {
        xtea(XTEA_KEYS[keyIndex], packet, offset + i);
      } else {
        blowfish(BLOWFISH_KEYS[keyIndex], packet, offset + i);
      }
      reverseWords(packet, offset + i);
    }
  }

  private static void xtea(byte[] key, byte[] data, int at) {
    BlockCipher engine = new XTEAEngine();
    engine.init(true, new KeyParameter(key));
    engine.processBlock(data, at, data, at);
  }

  private static void blowfish(byte[] key, byte[] data, int at) {
    try {
      Cipher cipher = Cipher.getInstance("Blowfish/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "Blowfish"));
      cipher.doFinal(data, at, BLOCK, data, at);
    } catch (GeneralSecurityException e) {
      // SunJCE provides Blowfish with keys of 32 to 448 bits on every Java platform.
      throw new IllegalStateException("Blowfish is not available", e);
    }
  }

  /** Reverses the byte order of the two 32-bit words of the block at {@code at}. */
  private static void reverseWords(byte[] data, int at) {
    for (int word = at; word < at + BLOCK; word += 4) {
      byte b0 = data[word];
      byte b1 = data[word + 1];
      data[word] = data[word + 3];
      data[word + 1] = data[word + 2];
      data[word + 2] = b1;
      data[word + 3] = b0;
    }
  }

  private static byte[][] keys(String... hex) {
    byte[][] keys = new byte[hex.length][];
    for (int i = 0; i < hex.length; i++) {
      keys[i] = HexFormat.of().parseHex(hex[i].replace(" ", ""));
    }
    return keys;
  }
}
