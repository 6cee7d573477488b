package io.rtmpt.engine.record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;

/**
 * File names for recordings. Stream and application names are user input: only letters, digits,
 * {@code - _ .} reach the file system, every other character (path separators, {@code ..}, NUL,
 * control and non-ASCII characters) becomes {@code _}, leading and repeated dots are dropped (no
 * hidden file, no {@code ..}), and a name longer than {@link #MAX_LENGTH} is cut and made unique
 * again with a hash of the whole name.
 */
public final class RecordFileNames {
  /** Longest sanitised name, in characters (the time and extension come on top). */
  public static final int MAX_LENGTH = 100;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RecordFileNames() {}

  /** {@code name} with only safe characters, never empty, at most {@link #MAX_LENGTH} long. */
  public static String sanitise(String name) {
    StringBuilder b = new StringBuilder(Math.min(name.length(), MAX_LENGTH + 16));
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (c == '.' && (b.isEmpty() || b.charAt(b.length() - 1) == '.')) {
        continue; // no hidden files, no ".."
      }
      b.append(safe ? c : '_');
    }
    String out = b.isEmpty() ? "stream" : b.toString();
    if (out.length() > MAX_LENGTH) {
      CRC32 crc = new CRC32();
      crc.update(name.getBytes(StandardCharsets.UTF_8));
      out = out.substring(0, MAX_LENGTH - 9) + "-" + String.format("%08x", crc.getValue());
    }
    return out;
  }

  /** {@code <sanitised name>-<yyyyMMdd-HHmmss UTC>}, without extension. */
  public static String of(String streamName, Instant start) {
    return sanitise(streamName) + "-" + TIME.format(start);
  }
}
