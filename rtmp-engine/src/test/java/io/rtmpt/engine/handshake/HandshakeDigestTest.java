package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeDigestTest {

  @Test
  void hmacSha256MatchesRfc4231TestCaseTwo() {
    byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
    byte[] mac = HandshakeDigest.hmacSha256(key, data, 0, data.length);
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex.encode(mac));
  }

  @Test
  void keysAreTheGenuineAdobeTextsFollowedByTheSharedThirtyTwoBytes() {
    assertEquals(62, Key.FLASH_PLAYER.fullKey().length);
    assertEquals(68, Key.FLASH_MEDIA_SERVER.fullKey().length);
    assertArrayEquals(ReferenceDigests.PLAYER_KEY, Key.FLASH_PLAYER.fullKey());
    assertArrayEquals(ReferenceDigests.SERVER_KEY, Key.FLASH_MEDIA_SERVER.fullKey());
    assertArrayEquals(ReferenceDigests.PLAYER_TEXT, Key.FLASH_PLAYER.digestKey());
    assertArrayEquals(ReferenceDigests.SERVER_TEXT, Key.FLASH_MEDIA_SERVER.digestKey());
  }

  @Test
  void keyAccessorsHandOutCopies() {
    Key.FLASH_PLAYER.fullKey()[0] = 0;
    Key.FLASH_PLAYER.digestKey()[0] = 0;
    assertArrayEquals(ReferenceDigests.PLAYER_KEY, Key.FLASH_PLAYER.fullKey());
    assertArrayEquals(ReferenceDigests.PLAYER_TEXT, Key.FLASH_PLAYER.digestKey());
  }

  @Test
  void digestFirstOffsetIsTheSumOfBytesEightToElevenModulo728PlusTwelve() {
    byte[] packet = new byte[1536];
    assertEquals(12, Scheme.DIGEST_FIRST.digestOffset(packet));
    putHex(packet, 8, "01 02 03 04");
    assertEquals(22, Scheme.DIGEST_FIRST.digestOffset(packet));
    putHex(packet, 8, "ff ff ff ff"); // 1020 mod 728 = 292
    assertEquals(304, Scheme.DIGEST_FIRST.digestOffset(packet));
    putHex(packet, 8, "b6 b6 b6 b6"); // 728 mod 728 = 0
    assertEquals(12, Scheme.DIGEST_FIRST.digestOffset(packet));
  }

  @Test
  void keyFirstOffsetIsTheSumOfBytes772To775Modulo728Plus776() {
    byte[] packet = new byte[1536];
    assertEquals(776, Scheme.KEY_FIRST.digestOffset(packet));
    putHex(packet, 772, "ff ff ff ff");
    assertEquals(1068, Scheme.KEY_FIRST.digestOffset(packet));
    putHex(packet, 772, "ff ff d9 00"); // 727: the last possible offset, digest ends at byte 1535
    assertEquals(1503, Scheme.KEY_FIRST.digestOffset(packet));
  }

  @ParameterizedTest
  @EnumSource(Scheme.class)
  void imprintWritesTheReferenceDigestWhereTheSchemeSaysAndFindsItAgain(Scheme scheme) {
    byte[] packet = randomPacket(11);
    int offset = HandshakeDigest.imprint(packet, scheme, Key.FLASH_PLAYER);

    assertEquals(ReferenceDigests.digestOffset(packet, scheme.offsetField()), offset);
    byte[] expected = ReferenceDigests.digestWithout(packet, offset, ReferenceDigests.PLAYER_TEXT);
    assertEquals(Hex.encode(expected), Hex.encode(packet, offset, 32));
    assertEquals(Optional.of(scheme), HandshakeDigest.findValidDigest(packet, Key.FLASH_PLAYER));
    assertTrue(HandshakeDigest.hasValidDigest(packet, scheme, Key.FLASH_PLAYER));
    assertFalse(HandshakeDigest.hasValidDigest(packet, scheme, Key.FLASH_MEDIA_SERVER));
  }

  @Test
  void aChangedByteOutsideTheDigestInvalidatesIt() {
    byte[] packet = randomPacket(12);
    int offset = HandshakeDigest.imprint(packet, Scheme.DIGEST_FIRST, Key.FLASH_MEDIA_SERVER);
    packet[offset == 12 ? 1535 : 12] ^= 1;
    assertEquals(Optional.empty(), HandshakeDigest.findValidDigest(packet, Key.FLASH_MEDIA_SERVER));
  }

  @Test
  void signatureIsKeyedByTheFullKeyAndThePeerDigestAndCoversTheFirst1504Bytes() {
    byte[] packet = randomPacket(13);
    byte[] peerDigest =
        Hex.decode("00112233445566778899aabbccddeeff 00112233445566778899aabbccddeeff");

    HandshakeDigest.sign(packet, peerDigest, Key.FLASH_MEDIA_SERVER);

    byte[] expected = ReferenceDigests.signature(packet, peerDigest, ReferenceDigests.SERVER_KEY);
    assertEquals(Hex.encode(expected), Hex.encode(packet, 1504, 32));
    assertTrue(HandshakeDigest.hasValidSignature(packet, peerDigest, Key.FLASH_MEDIA_SERVER));
    assertFalse(HandshakeDigest.hasValidSignature(packet, peerDigest, Key.FLASH_PLAYER));
    peerDigest[31] ^= 1;
    assertFalse(HandshakeDigest.hasValidSignature(packet, peerDigest, Key.FLASH_MEDIA_SERVER));
  }

  @Test
  void packetsOfTheWrongLengthAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Scheme.DIGEST_FIRST.digestOffset(new byte[1537]));
    assertEquals("handshake packet must be 1536 bytes, not 1537", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HandshakeDigest.signature(new byte[1536], new byte[31], Key.FLASH_PLAYER));
    assertEquals("peer digest must be 32 bytes, not 31", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HandshakeDigest.packetDigest(new byte[1536], 1505, Key.FLASH_PLAYER));
    assertEquals("digest offset out of range: 1505", e.getMessage());
  }

  private static byte[] randomPacket(long seed) {
    byte[] packet = new byte[1536];
    new Random(seed).nextBytes(packet);
    return packet;
  }

  private static void putHex(byte[] packet, int offset, String hex) {
    byte[] bytes = Hex.decode(hex);
    System.arraycopy(bytes, 0, packet, offset, bytes.length);
  }
}
