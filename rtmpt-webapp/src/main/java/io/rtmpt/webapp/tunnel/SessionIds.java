package io.rtmpt.webapp.tunnel;

import java.security.SecureRandom;

/**
 * Session ids: {@value #LENGTH} characters drawn uniformly from {@code [A-Za-z0-9]} with {@link
 * SecureRandom}, which is {@value #LENGTH} x log2(62) = 142 bits. The id is the only credential of
 * a tunnel, it appears raw in URL paths, and ffmpeg reads the {@code /open/1} reply into a 64-byte
 * buffer, so it has to be URL-safe, unguessable and short.
 */
final class SessionIds {

  static final int LENGTH = 24;

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /**
   * The largest multiple of 62 below 256: bytes at or above it are drawn again (no modulo bias).
   */
  private static final int UNBIASED_LIMIT = 256 - 256 % ALPHABET.length;

  private final SecureRandom random = new SecureRandom();

  String next() {
    char[] id = new char[LENGTH];
    byte[] buffer = new byte[LENGTH + 8];
    int filled = 0;
    while (filled < LENGTH) {
      random.nextBytes(buffer);
      for (int i = 0; i < buffer.length && filled < LENGTH; i++) {
        int b = buffer[i] & 0xFF;
        if (b < UNBIASED_LIMIT) {
          id[filled++] = ALPHABET[b % ALPHABET.length];
        }
      }
    }
    return new String(id);
  }
}
