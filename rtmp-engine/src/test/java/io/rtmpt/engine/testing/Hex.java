package io.rtmpt.engine.testing;

import java.io.ByteArrayOutputStream;

/**
 * Hex fixtures for tests: whitespace is ignored so that fixtures can be written one field per
 * group.
 */
public final class Hex {
  private Hex() {}

  /** Decodes the concatenation of the given hex strings; spaces, newlines and '_' are ignored. */
  public static byte[] decode(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : parts) {
      String s = part.replaceAll("[\\s_]", "");
      if (s.length() % 2 != 0) {
        throw new IllegalArgumentException("odd number of hex digits: " + part);
      }
      for (int i = 0; i < s.length(); i += 2) {
        out.write(Integer.parseInt(s.substring(i, i + 2), 16));
      }
    }
    return out.toByteArray();
  }

  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  public static String encode(byte[] bytes, int offset, int length) {
    StringBuilder sb = new StringBuilder(length * 2);
    for (int i = offset; i < offset + length; i++) {
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(bytes[i] & 0xF, 16));
    }
    return sb.toString();
  }
}
