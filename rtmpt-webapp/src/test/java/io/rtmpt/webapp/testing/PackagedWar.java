package io.rtmpt.webapp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the integration tests ({@code *IT}) deploy: the packaged {@code target/rtmpt-bridge.war},
 * and files of the repository they check it against (README.md, docker/). The Surefire execution
 * {@code integration-tests} (phase integration-test, after package) passes their locations as the
 * system properties {@code it.war} and {@code it.project-root}.
 */
public final class PackagedWar {
  private PackagedWar() {}

  /**
   * The packaged WAR. Outside the integration-tests execution (an {@code *IT} named with {@code
   * -Dtest} also runs in the test phase, before the WAR exists) the test is skipped.
   */
  public static Path war() {
    String war = System.getProperty("it.war");
    Assumptions.assumeTrue(
        war != null,
        "integration test: runs in the integration-test phase (mvn verify) against the packaged"
            + " WAR");
    Path path = Path.of(war).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      Assertions.fail(path + " does not exist: the integration-test phase runs after package");
    }
    return path;
  }

  /** {@code relative} in the repository (e.g. {@code docker/tomcat/server.xml}). */
  public static Path projectFile(String relative) {
    String root = System.getProperty("it.project-root");
    Assumptions.assumeTrue(
        root != null, "integration test: runs in the integration-test phase (mvn verify)");
    Path path = Path.of(root).resolve(relative).normalize().toAbsolutePath();
    if (!Files.exists(path)) {
      Assertions.fail(path + " does not exist");
    }
    return path;
  }

  /** {@code target/interop/NAME}, emptied: logs and recordings of one test class. */
  public static Path freshLogDirectory(Class<?> testClass) {
    Path dir = Path.of("target", "interop", testClass.getSimpleName()).toAbsolutePath();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
