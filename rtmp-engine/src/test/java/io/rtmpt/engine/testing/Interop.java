package io.rtmpt.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Support for interop tests against external programs (ffmpeg, rtmpdump, ...): finding the tool,
 * starting it with its output in a file, and making sure it is gone afterwards.
 *
 * <p>A missing tool skips the test, unless the system property {@code interop.required} is true
 * (the build passes it through from the Maven property of the same name): then it fails it.
 */
public final class Interop {
  private Interop() {}

  /**
   * The executable {@code name} found on PATH.
   *
   * @throws org.opentest4j.TestAbortedException when it is missing and interop is not required
   */
  public static Path requireTool(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return missing(
        name
            + " not found on PATH: install it (apt install "
            + name
            + ") to run this interop test");
  }

  /**
   * {@code executable} itself, for tools that are not on PATH (Tomcat's {@code catalina.sh}), with
   * the same rule as {@link #requireTool}: when it is missing (or not executable) the test is
   * skipped with {@code whenMissing}, or failed when interop is required.
   */
  public static Path requireExecutable(Path executable, String whenMissing) {
    if (Files.isRegularFile(executable) && Files.isExecutable(executable)) {
      return executable;
    }
    return missing(whenMissing);
  }

  private static Path missing(String message) {
    if (Boolean.getBoolean("interop.required")) {
      return Assertions.fail(message + " (interop.required=true)");
    }
    return Assumptions.abort(message);
  }

  /** Starts {@code command} with stdin empty and stdout and stderr together in {@code log}. */
  public static Process start(Path log, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    return process;
  }

  /** Kills {@code process} (this process only, by its handle) and waits up to 5 s for it to go. */
  public static void destroy(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      Assertions.fail("process " + process.pid() + " still alive 5 s after destroyForcibly");
    }
  }
}
