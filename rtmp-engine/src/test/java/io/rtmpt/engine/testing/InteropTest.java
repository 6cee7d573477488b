package io.rtmpt.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class InteropTest {
  private static final String MISSING = "no-such-tool-rtmpt-bridge";
  private static final String MESSAGE =
      MISSING
          + " not found on PATH: install it (apt install "
          + MISSING
          + ") to run this interop test";

  @Test
  void aMissingToolSkipsTheTestUnlessInteropIsRequired() {
    if (Boolean.getBoolean("interop.required")) {
      AssertionFailedError e =
          assertThrows(AssertionFailedError.class, () -> Interop.requireTool(MISSING));
      assertEquals(MESSAGE + " (interop.required=true)", e.getMessage());
    } else {
      TestAbortedException e =
          assertThrows(TestAbortedException.class, () -> Interop.requireTool(MISSING));
      assertEquals(MESSAGE, e.getMessage());
    }
  }

  @Test
  void aMissingExecutableOffPathFollowsTheSameRuleWithItsOwnMessage() {
    Path missing = Path.of("/nonexistent", MISSING);
    String message = MISSING + " not found: install it";
    if (Boolean.getBoolean("interop.required")) {
      AssertionFailedError e =
          assertThrows(
              AssertionFailedError.class, () -> Interop.requireExecutable(missing, message));
      assertEquals(message + " (interop.required=true)", e.getMessage());
    } else {
      TestAbortedException e =
          assertThrows(
              TestAbortedException.class, () -> Interop.requireExecutable(missing, message));
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void anExecutableOffPathIsReturnedAsItIs() {
    Path sh = Interop.requireTool("sh");
    assertEquals(sh, Interop.requireExecutable(sh, "unused"));
  }

  @Test
  void aToolOnPathIsFoundAsAnExecutableFile() {
    Path sh = Interop.requireTool("sh");
    assertTrue(Files.isExecutable(sh), sh.toString());
    assertEquals("sh", sh.getFileName().toString());
  }
}
