package io.rtmpt.webapp.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the Dockerfiles in docker/ say, read the way Docker reads them (one instruction per logical
 * line, {@code \} continuing it, {@code #} lines ignored), so that tests can start the WAR with the
 * images' settings and check that the images copy only tested files.
 */
final class DockerFiles {
  private DockerFiles() {}

  /** One instruction: keyword upper-cased, then its arguments split at blanks. */
  record Instruction(String keyword, List<String> arguments) {}

  static List<Instruction> instructions(Path dockerfile) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String[] words = logical.toString().strip().split("\\s+");
      instructions.add(
          new Instruction(
              words[0].toUpperCase(Locale.ROOT), List.of(words).subList(1, words.length)));
      logical.setLength(0);
    }
    return instructions;
  }

  /** The variables of every {@code ENV KEY=VALUE ...} instruction, in order. */
  static Map<String, String> environment(Path dockerfile) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Instruction i : instructions(dockerfile)) {
      if (i.keyword().equals("ENV")) {
        for (String pair : i.arguments()) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                dockerfile + ": ENV " + pair + " is not KEY=VALUE (the form the images use)");
          }
          environment.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return environment;
  }

  /** The sources (paths in the build context) of every {@code COPY}, without its options. */
  static List<String> copySources(Path dockerfile) throws IOException {
    List<String> sources = new ArrayList<>();
    for (Instruction i : instructions(dockerfile)) {
      if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
        List<String> paths = i.arguments().stream().filter(a -> !a.startsWith("--")).toList();
        sources.addAll(paths.subList(0, paths.size() - 1));
      }
    }
    return sources;
  }
}
