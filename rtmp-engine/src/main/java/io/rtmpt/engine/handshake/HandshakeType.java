package io.rtmpt.engine.handshake;

import java.util.Optional;

/**
 * The handshake variants a client asks for with its C0 byte, which the server echoes in S0.
 *
 * <p>Codes from librtmp ({@code handshake.h}: "plain: 0x03, encrypted: 0x06, 0x08, 0x09") and
 * FFmpeg ({@code rtmpproto.c}, {@code rtmpcrypt.c}). Both clients pick the C2/S2 signature
 * encryption from the server's S0, so the server answers the type the client sent.
 */
public enum HandshakeType {
  /** RTMP in clear (C0 = 3), with or without the Flash Player 9 digests. */
  PLAIN(3, "rtmp"),
  /** RTMPE: Diffie-Hellman in C1/S1, RC4 on everything after the handshake (C0 = 6). */
  RTMPE(6, "rtmpe"),
  /** RTMPE whose C2/S2 signatures are also XTEA-encrypted (C0 = 8, Flash Player 10). */
  RTMPE_XTEA(8, "rtmpe-xtea"),
  /** RTMPE whose C2/S2 signatures are also Blowfish-encrypted (C0 = 9). */
  RTMPE_BLOWFISH(9, "rtmpe-blowfish");

  private static final HandshakeType[] BY_CODE = new HandshakeType[16];

  static {
    for (HandshakeType type : values()) {
      if (BY_CODE[type.code] != null) {
        throw new AssertionError("duplicate handshake type code " + type.code);
      }
      BY_CODE[type.code] = type;
    }
  }

  private final int code;
  private final String label;

  HandshakeType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The C0/S0 byte. */
  public int code() {
    return code;
  }

  /** A short lowercase name for settings and logs: rtmp, rtmpe, rtmpe-xtea, rtmpe-blowfish. */
  public String label() {
    return label;
  }

  /** Whether the session is RC4-encrypted after the handshake (every type but {@link #PLAIN}). */
  public boolean encrypted() {
    return this != PLAIN;
  }

  /** The type whose C0 byte is {@code code} (0..255), or empty for an unknown byte. */
  public static Optional<HandshakeType> ofCode(int code) {
    return code >= 0 && code < BY_CODE.length
        ? Optional.ofNullable(BY_CODE[code])
        : Optional.empty();
  }

  /**
   * The type with this {@link #label()}, ignoring case.
   *
   * @throws IllegalArgumentException for any other text, naming the accepted ones
   */
  public static HandshakeType ofLabel(String label) {
    for (HandshakeType type : values()) {
      if (type.label.equalsIgnoreCase(label.trim())) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown handshake type '" + label + "': use rtmp, rtmpe, rtmpe-xtea or rtmpe-blowfish");
  }
}
