package io.rtmpt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.engine.testing.SourceStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's main sources follow the house rules the formatter does not check. */
class SourceStyleTest {
  @Test
  void mainSourcesUseArrowSwitchesAndImportedNames() {
    assertEquals(List.of(), SourceStyle.violations(Path.of("src/main/java")));
  }

  @Test
  void theCheckSeesBothKindsOfViolation() {
    String source =
        "class A {\n  Object f(int x) {\n    switch (x) {\n      case 1:\n        return"
            + " new java.util.ArrayList<>(); // java.util.List in a comment is fine\n    }\n"
            + "    return \"java.util.Map in a string is fine\";\n  }\n}\n";
    List<String> found = SourceStyle.violations(write(source));
    assertEquals(2, found.size(), found.toString());
  }

  private static Path write(String source) {
    try {
      Path dir = Files.createTempDirectory("style");
      Files.writeString(dir.resolve("A.java"), source);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
