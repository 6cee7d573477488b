package io.rtmpt.webapp.bench;

import io.rtmpt.webapp.loadgen.LoadMetrics;
import java.io.IOException;

/**
 * A measurement window: from {@link #open} to {@link #close}, the CPU the server and the load
 * generator used (in cores: CPU seconds per second), how busy the whole machine was (other
 * processes included), the generator's request rate and the errors it counted.
 */
final class Window {
  /** What one window measured. */
  record Sample(
      double seconds,
      double serverCores,
      double generatorCores,
      double machineBusy,
      double requestsPerSecond,
      long errors) {}

  private final JvmProbe server;
  private final JvmProbe generator = JvmProbe.self();
  private final LoadMetrics metrics;
  private final long startNanos;
  private final long serverCpu;
  private final long generatorCpu;
  private final long[] machine;
  private final long requests;
  private final long errors;

  private Window(JvmProbe server, LoadMetrics metrics) throws IOException {
    this.server = server;
    this.metrics = metrics;
    this.serverCpu = server.cpuNanos();
    this.generatorCpu = generator.cpuNanos();
    this.machine = MachineInfo.cpuJiffies();
    this.requests = metrics.requests();
    this.errors = metrics.errorCount();
    this.startNanos = System.nanoTime();
  }

  static Window open(JvmProbe server, LoadMetrics metrics) throws IOException {
    return new Window(server, metrics);
  }

  /** Waits {@code seconds} (the window is the measurement), then closes it. */
  static Sample measure(JvmProbe server, LoadMetrics metrics, double seconds)
      throws IOException, InterruptedException {
    Window window = open(server, metrics);
    Thread.sleep((long) (seconds * 1000));
    return window.close();
  }

  Sample close() throws IOException {
    long nanos = System.nanoTime() - startNanos;
    long[] machineNow = MachineInfo.cpuJiffies();
    double seconds = nanos / 1e9;
    return new Sample(
        seconds,
        (server.cpuNanos() - serverCpu) / (double) nanos,
        (generator.cpuNanos() - generatorCpu) / (double) nanos,
        (machineNow[0] - machine[0]) / (double) Math.max(1, machineNow[1] - machine[1]),
        (metrics.requests() - requests) / seconds,
        metrics.errorCount() - errors);
  }
}
