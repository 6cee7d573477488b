package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.PackagedWar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Jetty base for the standalone Jetty 12 that the build unpacks into target/jetty-home/
 * (jetty-home from Maven Central), made step by step as README.md's "Deploying in Jetty 12" says:
 * the repository's docker/jetty/ files (the ones the Jetty image copies), the modules, a keytool
 * keystore with its password in {@code start.d/rtmpt-keystore.ini}, a user in the realm's
 * properties file, the WAR as {@code webapps/root.war}. {@link #start} runs {@code start.jar} on it
 * in a process of its own.
 */
final class JettyBase {
  private final Path home;
  private final Path base;
  private final Path logs;

  private JettyBase(Path home, Path base, Path logs) {
    this.home = home;
    this.base = base;
    this.logs = logs;
  }

  /**
   * Makes the base in {@code logs/jetty-base} with {@code modules} and one realm user.
   *
   * @param modules what {@code --add-modules=} gets
   */
  static JettyBase make(Path logs, List<String> modules, String user, String password)
      throws Exception {
    Path war = PackagedWar.war();
    JettyBase jetty = new JettyBase(home(), logs.resolve("jetty-base"), logs);
    copyTree(PackagedWar.projectFile(DeploymentFiles.JETTY_BASE), jetty.base);
    try (ExternalProcess add =
        jetty.start("add-modules", List.of("--add-modules=" + String.join(",", modules)))) {
      assertEquals(0, add.waitFor(Duration.ofSeconds(120)), add.tail());
    }
    Keystores.selfSigned(jetty.base.resolve("etc").resolve("rtmpt.p12"), logs);
    Files.writeString(
        jetty.base.resolve("start.d").resolve("rtmpt-keystore.ini"),
        "jetty.sslContext.keyStorePassword=" + Keystores.PASSWORD + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        jetty.base.resolve("etc").resolve("rtmpt-realm.properties"),
        user + ": " + password + ",rtmpt-admin\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Files.copy(war, jetty.base.resolve("webapps").resolve("root.war"));
    return jetty;
  }

  /** The unpacked jetty-home the build passes as it.jetty-home. */
  static Path home() {
    String property = System.getProperty("it.jetty-home");
    Assumptions.assumeTrue(
        property != null, "integration test: runs in the integration-test phase (mvn verify)");
    Path dir = Path.of(property).toAbsolutePath();
    assertTrue(
        Files.isRegularFile(dir.resolve("start.jar")),
        dir + " has no start.jar: the build unpacks jetty-home there (pre-integration-test)");
    return dir;
  }

  /** {@code java -jar $JETTY_HOME/start.jar jetty.home=... jetty.base=... ARGS}. */
  ExternalProcess start(String name, List<String> args) throws IOException {
    return start(name, args, Map.of());
  }

  ExternalProcess start(String name, List<String> args, Map<String, String> environment)
      throws IOException {
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.home=" + home,
                "jetty.base=" + base));
    command.addAll(args);
    return ExternalProcess.start(name, logs, command, environment);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
