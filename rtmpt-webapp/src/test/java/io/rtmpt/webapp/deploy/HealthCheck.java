package io.rtmpt.webapp.deploy;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.PackagedWar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** docker/healthcheck.sh, the images' HEALTHCHECK, run here as the images run it (bash). */
final class HealthCheck {
  private HealthCheck() {}

  /** Its exit code, with {@code environment} added to this process's. */
  static int run(Path logs, String name, Map<String, String> environment) throws Exception {
    Path script = PackagedWar.projectFile(DeploymentFiles.HEALTHCHECK);
    try (ExternalProcess check =
        ExternalProcess.start(
            name,
            logs,
            List.of(Interop.requireTool("bash").toString(), script.toString()),
            environment)) {
      return check.waitFor(Duration.ofSeconds(20));
    }
  }
}
