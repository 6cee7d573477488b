package io.rtmpt.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external program (ffmpeg, rtmpdump, nginx, catalina.sh...) started by a test, with its output
 * captured to files and a hard stop by PID: {@link #close} kills it (and its children) if it is
 * still running.
 */
public final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ExternalProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code command} with output captured under {@code logDir} as NAME.out / NAME.err. */
  public static ExternalProcess start(String name, Path logDir, List<String> command)
      throws IOException {
    return start(name, logDir, command, null);
  }

  public static ExternalProcess start(
      String name, Path logDir, List<String> command, Map<String, String> environment)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (environment != null) {
      builder.environment().putAll(environment);
    }
    return new ExternalProcess(name, builder.start(), out, err);
  }

  /**
   * Waits for the exit; returns the exit code, or throws when it is still running after timeout.
   */
  public int waitFor(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IOException(name + " still running after " + timeout + "; stderr:\n" + tail());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String stdout() throws IOException {
    return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
  }

  public String stderr() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
  }

  /** The last 60 lines of stderr, for failure messages. */
  public String tail() {
    try {
      List<String> lines = List.of(stderr().split("\n"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /** Sends SIGTERM, waits briefly, then SIGKILL; children too. */
  public void stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
