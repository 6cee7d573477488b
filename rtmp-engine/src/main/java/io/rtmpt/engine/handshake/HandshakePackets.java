package io.rtmpt.engine.handshake;

/**
 * Wire constants and small helpers shared by the server and the client handshake.
 *
 * <p>C0/S0 is one byte, the RTMP version: 3 for plain RTMP; 6, 8 and 9 announce RTMPE (encrypted
 * RTMP; 8 and 9 additionally encrypt the C2/S2 signatures with XTEA and Blowfish). C1/S1 and C2/S2
 * are {@value #PACKET_SIZE} bytes each:
 *
 * <pre>
 *   C1/S1: time (4 bytes, big-endian, ms) | version (4; zero = plain) | random (1528)
 *   C2/S2: time (4)  | time2 (4)  | random echo (1528)       (plain handshake: the peer's C1/S1)
 *          random (1504)         | signature (32)            (digest handshake)
 * </pre>
 */
final class HandshakePackets {
  /** Length of C1, S1, C2 and S2. */
  static final int PACKET_SIZE = 1536;

  /** The C0/S0 value of plain RTMP. */
  static final int RTMP_VERSION = 3;

  /** Offset of the version field (client: Flash Player version, server: FMS version) in C1/S1. */
  static final int VERSION_OFFSET = 4;

  static final byte[] NO_BYTES = new byte[0];

  private HandshakePackets() {}

  /**
   * True when the version field (bytes 4..7) of a C1/S1 is all zero, i.e. the sender speaks plain.
   */
  static boolean hasZeroVersion(byte[] packet) {
    return packet[VERSION_OFFSET] == 0
        && packet[VERSION_OFFSET + 1] == 0
        && packet[VERSION_OFFSET + 2] == 0
        && packet[VERSION_OFFSET + 3] == 0;
  }

  /** The version field (bytes 4..7) as "a.b.c.d", for log lines. */
  static String version(byte[] packet) {
    return (packet[VERSION_OFFSET] & 0xFF)
        + "."
        + (packet[VERSION_OFFSET + 1] & 0xFF)
        + "."
        + (packet[VERSION_OFFSET + 2] & 0xFF)
        + "."
        + (packet[VERSION_OFFSET + 3] & 0xFF);
  }
}
