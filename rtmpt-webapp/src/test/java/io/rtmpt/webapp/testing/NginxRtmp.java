package io.rtmpt.webapp.testing;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private nginx with the RTMP module, as a backend for the bridge: one foreground process ({@code
 * daemon off; master_process off;}, so the PID we started is the server) listening on 127.0.0.1 and
 * a free port, with {@code application live { live on; record off; }}. Its configuration, pid file,
 * error and access logs and captured output all live in the directory given to {@link #start(Path)}
 * (by convention {@code target/interop/<TestClass>/nginx}).
 *
 * <p>A missing nginx or RTMP module skips the test, or fails it with {@code
 * -Dinterop.required=true}.
 */
public final class NginxRtmp implements AutoCloseable {
  /** Where Debian's libnginx-mod-rtmp installs the module. */
  public static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final int BIND_ATTEMPTS = 3;

  private final ExternalProcess process;
  private final Path dir;
  private final int port;

  private NginxRtmp(ExternalProcess process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The nginx executable, after checking that the RTMP module is installed too.
   *
   * @throws org.opentest4j.TestAbortedException when either is missing and interop is not required
   */
  public static Path requireNginxRtmp() {
    Path nginx = Interop.requireTool("nginx");
    requireModule(MODULE);
    return nginx;
  }

  /**
   * Skips the test when {@code module} is missing, or fails it with {@code
   * -Dinterop.required=true}.
   */
  static void requireModule(Path module) {
    if (!Files.isRegularFile(module)) {
      String message = "nginx rtmp module not found: apt install libnginx-mod-rtmp";
      if (Boolean.getBoolean("interop.required")) {
        Assertions.fail(message + " (" + module + " missing, interop.required=true)");
      }
      Assumptions.abort(message);
    }
  }

  /**
   * Starts nginx on a free port with its files in {@code dir}; returns once the port accepts
   * connections.
   */
  public static NginxRtmp start(Path dir) throws IOException, InterruptedException {
    Path nginx = requireNginxRtmp();
    IOException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      try {
        return start(nginx, dir, Ports.freePort());
      } catch (PortTakenException e) {
        last = e; // another process took the free port between the check and nginx's bind
      }
    }
    throw last;
  }

  /**
   * Starts nginx on {@code port} (one the test chose, e.g. a port a bridge is already configured
   * with).
   */
  public static NginxRtmp start(Path dir, int port) throws IOException, InterruptedException {
    return start(requireNginxRtmp(), dir, port);
  }

  /**
   * Starts nginx on a free port with a configuration file of the repository (e.g. the one the
   * compose file mounts), changed only as a test must: the RTMP module is loaded, nginx runs in the
   * foreground as one process with its pid file and error log in {@code dir}, and its one {@code
   * listen 1935;} becomes {@code listen 127.0.0.1:PORT;}.
   */
  public static NginxRtmp start(Path dir, Path configFile)
      throws IOException, InterruptedException {
    Path nginx = requireNginxRtmp();
    String config = Files.readString(configFile, StandardCharsets.UTF_8);
    String listen = "listen 1935;";
    if (config.indexOf(listen) < 0 || config.indexOf(listen) != config.lastIndexOf(listen)) {
      throw new IllegalArgumentException(configFile + ": want exactly one '" + listen + "'");
    }
    IOException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      int port = Ports.freePort();
      Path absolute = dir.toAbsolutePath();
      String text = header(absolute) + config.replace(listen, "listen 127.0.0.1:" + port + ";");
      try {
        return start(nginx, absolute, port, text);
      } catch (PortTakenException e) {
        last = e;
      }
    }
    throw last;
  }

  private static NginxRtmp start(Path nginx, Path dir, int port)
      throws IOException, InterruptedException {
    return start(nginx, dir.toAbsolutePath(), port, config(dir.toAbsolutePath(), port));
  }

  /** What a test puts before a configuration file: module, foreground, pid file, error log. */
  static String header(Path dir) {
    return "# added by NginxRtmp for one test; nginx runs in the foreground as one process\n"
        + "load_module "
        + MODULE
        + ";\n"
        + "daemon off;\n"
        + "master_process off;\n"
        + "pid "
        + dir.resolve("nginx.pid")
        + ";\n"
        + "error_log "
        + dir.resolve("error.log")
        + " info;\n";
  }

  private static NginxRtmp start(Path nginx, Path absolute, int port, String config)
      throws IOException, InterruptedException {
    Files.createDirectories(absolute);
    Path conf = absolute.resolve("nginx.conf");
    Path errorLog = absolute.resolve("error.log");
    Files.deleteIfExists(errorLog);
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    ExternalProcess process =
        ExternalProcess.start(
            "nginx",
            absolute,
            List.of(
                nginx.toString(),
                "-p",
                absolute + "/",
                "-c",
                conf.toString(),
                "-e",
                errorLog.toString()));
    NginxRtmp server = new NginxRtmp(process, absolute, port);
    try {
      server.awaitListening();
    } catch (IOException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  static String config(Path dir, int port) {
    return "# written by NginxRtmp for one test; nginx runs in the foreground as one process\n"
        + "load_module "
        + MODULE
        + ";\n"
        + "daemon off;\n"
        + "master_process off;\n"
        + "worker_processes 1;\n"
        + "pid "
        + dir.resolve("nginx.pid")
        + ";\n"
        + "error_log "
        + dir.resolve("error.log")
        + " info;\n"
        + "events {\n"
        + "  worker_connections 256;\n"
        + "}\n"
        + "rtmp {\n"
        + "  access_log "
        + dir.resolve("access.log")
        + ";\n"
        + "  server {\n"
        + "    listen 127.0.0.1:"
        + port
        + ";\n"
        + "    chunk_size 4096;\n"
        + "    application live {\n"
        + "      live on;\n"
        + "      record off;\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  /** Polls the port (bounded) until nginx accepts a connection; fails early when nginx exits. */
  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        String log = errorLog();
        if (log.contains("Address already in use")) {
          throw new PortTakenException(port, log);
        }
        throw new IOException(
            "nginx exited with "
                + process.waitFor(Duration.ofSeconds(1))
                + " before listening on port "
                + port
                + "; error.log:\n"
                + log
                + process.tail());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        // nginx binds its port before it writes its pid file: wait for both, so that the file
        // is there for whoever reads it once start() returned.
        if (pidFileWritten()) {
          return;
        }
        throw new IOException("pid file not written yet");
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "nginx (pid "
                  + process.pid()
                  + ") not listening on port "
                  + port
                  + " after "
                  + START_TIMEOUT
                  + "; error.log:\n"
                  + errorLog());
        }
      }
      Thread.sleep(20);
    }
  }

  private boolean pidFileWritten() throws IOException {
    Path pid = dir.resolve("nginx.pid");
    return Files.exists(pid) && !Files.readString(pid, StandardCharsets.US_ASCII).isBlank();
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@code rtmp://127.0.0.1:PORT/APP/STREAM}, straight to nginx. */
  public String rtmpUrl(String app, String stream) {
    return "rtmp://127.0.0.1:" + port + "/" + app + "/" + stream;
  }

  /** {@code 127.0.0.1:PORT}, the value of {@code rtmpt.backend}. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  public String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** SIGTERM (nginx closes every connection and exits), SIGKILL if it is still there after 3 s. */
  public void stop() throws InterruptedException {
    process.stop(Duration.ofSeconds(3));
    if (process.isAlive()) {
      throw new AssertionError("nginx (pid " + process.pid() + ") still running after SIGKILL");
    }
  }

  /** SIGKILL at once: the kernel closes nginx's connections, nginx says nothing. */
  public void kill() {
    process.close();
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "nginx-rtmp on 127.0.0.1:" + port + " (pid " + process.pid() + ")";
  }

  private static final class PortTakenException extends IOException {
    private static final long serialVersionUID = 1L;

    PortTakenException(int port, String log) {
      super("port " + port + " was taken before nginx could bind it:\n" + log);
    }
  }
}
