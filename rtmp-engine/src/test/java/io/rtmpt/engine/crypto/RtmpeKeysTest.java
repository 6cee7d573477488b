package io.rtmpt.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtmpeKeysTest {
  @Test
  void eachSideDecryptsWithItsOwnKeysHmacAndEncryptsWithThePeers() {
    byte[] secret = TransportCipherTest.bytes(128, 1);
    byte[] client = TransportCipherTest.bytes(128, 2);
    byte[] server = TransportCipherTest.bytes(128, 3);

    RtmpeKeys serverKeys = RtmpeKeys.derive(secret, server, client);
    RtmpeKeys clientKeys = RtmpeKeys.derive(secret, client, server);

    assertArrayEquals(serverKeys.decryptKey(), clientKeys.encryptKey());
    assertArrayEquals(serverKeys.encryptKey(), clientKeys.decryptKey());
    assertArrayEquals(RtmpeKeys.rc4Key(secret, server), serverKeys.decryptKey());
    assertEquals(16, serverKeys.encryptKey().length);
  }

  @Test
  void keysAreCopiedInAndOutAndNeverPrinted() {
    byte[] decrypt = new byte[16];
    RtmpeKeys keys = new RtmpeKeys(decrypt, new byte[16]);
    decrypt[0] = 1;
    keys.decryptKey()[1] = 1;

    assertArrayEquals(new byte[16], keys.decryptKey());
    assertEquals(new RtmpeKeys(new byte[16], new byte[16]), keys);
    assertEquals("RtmpeKeys[2 x 16 bytes]", keys.toString());
    assertThrows(IllegalArgumentException.class, () -> new RtmpeKeys(new byte[15], new byte[16]));
  }
}
