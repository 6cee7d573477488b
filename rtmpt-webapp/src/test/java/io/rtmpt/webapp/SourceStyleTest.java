package io.rtmpt.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.engine.testing.SourceStyle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The web application's main sources follow the house rules the formatter does not check. */
class SourceStyleTest {
  @Test
  void mainSourcesUseArrowSwitchesAndImportedNames() {
    assertEquals(List.of(), SourceStyle.violations(Path.of("src/main/java")));
  }
}
