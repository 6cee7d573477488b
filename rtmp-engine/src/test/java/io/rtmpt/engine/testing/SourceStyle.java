package io.rtmpt.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * House rules the formatter does not enforce, checked over a module's main sources by each module's
 * {@code SourceStyleTest}: one switch style (arrow labels, not {@code case X:} with fall-through
 * and {@code break}) and no inline fully-qualified names in code (import the type; javadoc may name
 * types fully). Comments and string literals are blanked out before the checks.
 */
public final class SourceStyle {
  private static final Pattern OLD_CASE =
      Pattern.compile("^\\s*(case\\b[^>]*|default)\\s*:\\s*(\\S.*)?$");
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b(?:java|javax|jakarta|io|org|com)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");

  private SourceStyle() {}

  /** One line per violation ("path:line: what"), empty when the sources follow the rules. */
  public static List<String> violations(Path sourceRoot) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        check(sourceRoot.relativize(file), Files.readString(file), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void check(Path file, String source, List<String> out) {
    String[] lines = codeOnly(source).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("import ") || line.startsWith("package ")) {
        continue;
      }
      if (OLD_CASE.matcher(line).matches()) {
        out.add(file + ":" + (i + 1) + ": old-style switch label: " + line.trim());
      }
      Matcher m = QUALIFIED.matcher(line);
      if (m.find()) {
        out.add(file + ":" + (i + 1) + ": inline qualified name " + m.group() + ": import it");
      }
    }
  }

  /** The source with comments and string/char literals replaced by spaces (newlines kept). */
  static String codeOnly(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          b.append(' ');
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        for (; i < end; i++) {
          b.append(s.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
        for (; i < end; i++) {
          b.append(s.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (c == '"' || c == '\'') {
        b.append(' ');
        i++;
        while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
          if (s.charAt(i) == '\\') {
            b.append(' ');
            i++;
          }
          b.append(' ');
          i++;
        }
        if (i < s.length() && s.charAt(i) == c) {
          b.append(' ');
          i++;
        }
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }
}
