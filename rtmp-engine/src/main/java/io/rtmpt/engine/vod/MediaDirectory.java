package io.rtmpt.engine.vod;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The media files of one application: turns a stream name a client asked to play into a file of
 * this directory, or refuses it. Stream names are user input; nothing outside the directory is ever
 * opened.
 *
 * <p>Names follow the FMS convention: {@code flv:name} is {@code name.flv}, {@code mp4:name.mp4}
 * (or {@code mp4:name}, then {@code name.mp4}) an MP4 file; a bare {@code name} with a known
 * extension ({@code .flv .mp4 .f4v .m4v .mov}) is that file, without one {@code name.flv} and then
 * {@code name.mp4} are tried. A name may name a file in a subdirectory ({@code 2024/talk.mp4}).
 *
 * <p>Refused, as not found: an empty name, one longer than {@link #MAX_NAME_LENGTH} characters or
 * with a segment longer than 255; control characters (NUL included); a backslash, a colon (after
 * the prefix) or a percent sign (so no encoded separator such as {@code %2f} can mean anything); an
 * absolute path; an empty, {@code .} or {@code ..} segment; and a file whose real path (symbolic
 * links followed) is not inside the directory's real path.
 */
public final class MediaDirectory {
  /** Longest stream name looked up, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;

  private static final int MAX_SEGMENT_LENGTH = 255;
  private static final List<String> EXTENSIONS = List.of(".flv", ".mp4", ".f4v", ".m4v", ".mov");

  private final Path root;

  /** The files under {@code root}, which need not exist yet (recordings create it). */
  public MediaDirectory(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The directory. */
  public Path root() {
    return root;
  }

  /**
   * The file {@code name} stands for.
   *
   * @param name the stream name of a play command, query string already removed
   * @throws FileNotFoundException with the reason, when the name is refused or no file has it
   */
  public Path resolve(String name) throws FileNotFoundException {
    String relative = name;
    String defaultExtension = null;
    if (startsWithIgnoreCase(name, "mp4:")) {
      relative = name.substring(4);
      defaultExtension = ".mp4";
    } else if (startsWithIgnoreCase(name, "flv:")) {
      relative = name.substring(4);
      defaultExtension = ".flv";
    }
    check(relative);
    List<String> candidates;
    if (hasKnownExtension(relative)) {
      candidates = List.of(relative);
    } else if (defaultExtension != null) {
      candidates = List.of(relative + defaultExtension);
    } else {
      candidates = List.of(relative + ".flv", relative + ".mp4");
    }
    for (String candidate : candidates) {
      Path file = root.resolve(candidate).normalize();
      if (!file.startsWith(root)) {
        throw new FileNotFoundException("name leaves the media directory");
      }
      if (Files.isRegularFile(file)) {
        return inside(file);
      }
    }
    throw new FileNotFoundException("no file " + String.join(" or ", candidates));
  }

  /** The real path of {@code file}, if it is inside the directory's real path. */
  private Path inside(Path file) throws FileNotFoundException {
    try {
      Path realRoot = root.toRealPath();
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileNotFoundException("file is a link out of the media directory");
      }
      if (!Files.isReadable(real)) {
        throw new FileNotFoundException("file is not readable");
      }
      return real;
    } catch (FileNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new FileNotFoundException("file cannot be resolved: " + e.getMessage());
    }
  }

  private static void check(String name) throws FileNotFoundException {
    if (name.isEmpty()) {
      throw new FileNotFoundException("empty name");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new FileNotFoundException("name longer than " + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new FileNotFoundException("control character in name");
      }
      if (c == '\\' || c == ':' || c == '%') {
        throw new FileNotFoundException("'" + c + "' in name");
      }
    }
    if (name.startsWith("/")) {
      throw new FileNotFoundException("absolute path");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new FileNotFoundException("'" + segment + "' segment in name");
      }
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        throw new FileNotFoundException("name segment longer than " + MAX_SEGMENT_LENGTH);
      }
    }
  }

  private static boolean hasKnownExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
