package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.crypto.RtmpeKeys;
import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.handshake.RtmpdumpCapture.Capture;
import io.rtmpt.engine.testing.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Known-answer vectors of one RTMPE handshake with the real librtmp: the bytes on the wire (C1 and
 * C2 and the first encrypted chunk bytes written by rtmpdump, S1 and S2 written by this server) and
 * the values librtmp logged for its own side (shared secret, RC4 keys, its C2 signature, the S2
 * signature it expected). {@link #check} recomputes each with the production code.
 */
record RtmpeVectors(
    HandshakeType type,
    BigInteger serverPrivateKey,
    byte[] c1,
    byte[] s1,
    byte[] s2,
    byte[] c2,
    byte[] afterC2,
    byte[] librtmpSecret,
    byte[] librtmpOutKey,
    byte[] librtmpInKey,
    byte[] librtmpC2Signature,
    byte[] librtmpExpectedS2Signature) {

  static final String PROVENANCE =
      """
      # Known-answer vectors: one RTMPE handshake of the real rtmpdump 2.4 (Debian bookworm
      # librtmp1 2.4+20151223.gitfa8646d.1-2+b2, built with GnuTLS/nettle/gmp) against this server,
      # which answered S0 = %d to rtmpdump's C0 = 6 (librtmp then applies that type's signature
      # encryption). Made by running RtmpdumpRtmpeTest with -Drtmpe.vectors.out=DIR; only these
      # values are kept, no librtmp code.
      # c1, c2, after-c2: bytes rtmpdump sent (after-c2 = its RC4-encrypted connect chunk).
      # s1, s2: bytes this server sent; server-private-key: the server's DH private exponent.
      # librtmp-*: what rtmpdump --debug logged for its side ("Secret key", "RC4 Out Key",
      # "RC4 In Key", "Client signature calculated", "Signature calculated" for S2).
      """;

  static RtmpeVectors of(Capture capture) {
    byte[] answer = capture.s0s1s2();
    return new RtmpeVectors(
        capture.answerType(),
        capture.serverPrivateKey(),
        Arrays.copyOfRange(capture.c0c1(), 1, 1537),
        Arrays.copyOfRange(answer, 1, 1537),
        Arrays.copyOfRange(answer, 1537, 3073),
        capture.c2(),
        capture.afterC2(),
        capture.librtmpSecret(),
        capture.librtmpOutKey(),
        capture.librtmpInKey(),
        capture.librtmpC2Signature(),
        capture.librtmpExpectedS2Signature());
  }

  /** Recomputes every value with the production code and compares it with librtmp's. */
  static void check(RtmpeVectors v) throws Exception {
    String name = "s0 = " + v.type.code() + ": ";
    Scheme clientScheme = HandshakeDigest.findValidDigest(v.c1, Key.FLASH_PLAYER).orElseThrow();
    int clientKeyOffset = clientScheme.dhKeyOffset(v.c1);
    byte[] clientKey = Arrays.copyOfRange(v.c1, clientKeyOffset, clientKeyOffset + 128);
    int serverKeyOffset = Scheme.KEY_FIRST.dhKeyOffset(v.s1);
    byte[] serverKey = Arrays.copyOfRange(v.s1, serverKeyOffset, serverKeyOffset + 128);

    byte[] secret =
        DiffieHellman.withPrivateKey(v.serverPrivateKey).sharedSecret(v.c1, clientKeyOffset);
    assertEquals(Hex.encode(v.librtmpSecret), Hex.encode(secret), name + "shared secret");

    RtmpeKeys keys = RtmpeKeys.derive(secret, serverKey, clientKey);
    assertEquals(Hex.encode(v.librtmpOutKey), Hex.encode(keys.decryptKey()), name + "c->s key");
    assertEquals(Hex.encode(v.librtmpInKey), Hex.encode(keys.encryptKey()), name + "s->c key");

    byte[] c2 = v.c2.clone();
    byte[] serverDigest = HandshakeDigest.digestAt(v.s1, Scheme.KEY_FIRST);
    HandshakeDigest.sign(c2, serverDigest, Key.FLASH_PLAYER);
    SignatureCipher.encrypt(
        v.type, c2, 1504, HandshakeDigest.signingKey(serverDigest, Key.FLASH_PLAYER));
    assertEquals(Hex.encode(v.librtmpC2Signature), Hex.encode(c2, 1504, 32), name + "c2 signature");
    assertArrayEquals(v.c2, c2, name + "c2 as sent");

    byte[] s2 = v.s2.clone();
    byte[] clientDigest = HandshakeDigest.digestAt(v.c1, clientScheme);
    HandshakeDigest.sign(s2, clientDigest, Key.FLASH_MEDIA_SERVER);
    SignatureCipher.encrypt(
        v.type, s2, 1504, HandshakeDigest.signingKey(clientDigest, Key.FLASH_MEDIA_SERVER));
    assertEquals(
        Hex.encode(v.librtmpExpectedS2Signature),
        Hex.encode(s2, 1504, 32),
        name + "s2 signature librtmp expected");

    TransportCipher cipher = new TransportCipher();
    cipher.start(keys, 0);
    ByteBuffer chunk = ByteBuffer.wrap(v.afterC2.clone());
    cipher.decrypt(chunk);
    String text = new String(chunk.array(), StandardCharsets.ISO_8859_1);
    assertTrue(
        text.contains("\u0002\u0000\u0007connect"),
        name + "decrypted chunk holds connect: " + Hex.encode(chunk.array()));
    assertTrue(text.contains("\u0002\u0000\u0004live"), name + "app live");
  }

  static void write(RtmpeVectors v, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("type", String.valueOf(v.type.code()));
    values.put("server-private-key", v.serverPrivateKey.toString(16));
    values.put("c1", Hex.encode(v.c1));
    values.put("s1", Hex.encode(v.s1));
    values.put("s2", Hex.encode(v.s2));
    values.put("c2", Hex.encode(v.c2));
    values.put("after-c2", Hex.encode(v.afterC2));
    values.put("librtmp-secret", Hex.encode(v.librtmpSecret));
    values.put("librtmp-out-key", Hex.encode(v.librtmpOutKey));
    values.put("librtmp-in-key", Hex.encode(v.librtmpInKey));
    values.put("librtmp-c2-signature", Hex.encode(v.librtmpC2Signature));
    values.put("librtmp-expected-s2-signature", Hex.encode(v.librtmpExpectedS2Signature));
    StringBuilder text = new StringBuilder(String.format(PROVENANCE, v.type.code()));
    values.forEach((k, value) -> text.append(k).append(" = ").append(value).append('\n'));
    Files.writeString(dir.resolve(fileName(v.type)), text.toString());
  }

  static RtmpeVectors read(HandshakeType type) throws IOException {
    return read(fileName(type));
  }

  /** The vectors of test resource {@code resource} (next to this class). */
  static RtmpeVectors read(String resource) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    try (InputStream in = RtmpeVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return new RtmpeVectors(
        HandshakeType.ofCode(Integer.parseInt(values.get("type"))).orElseThrow(),
        new BigInteger(values.get("server-private-key"), 16),
        Hex.decode(values.get("c1")),
        Hex.decode(values.get("s1")),
        Hex.decode(values.get("s2")),
        Hex.decode(values.get("c2")),
        Hex.decode(values.get("after-c2")),
        Hex.decode(values.get("librtmp-secret")),
        Hex.decode(values.get("librtmp-out-key")),
        Hex.decode(values.get("librtmp-in-key")),
        Hex.decode(values.get("librtmp-c2-signature")),
        Hex.decode(values.get("librtmp-expected-s2-signature")));
  }

  static String fileName(HandshakeType type) {
    return "rtmpdump-rtmpe-" + type.code() + ".txt";
  }
}
