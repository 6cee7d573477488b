package io.rtmpt.webapp.bench;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.Tomcat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server the benchmarks measure, in a JVM of its own, stopped by PID: the executable WAR ({@code
 * java -jar}), {@link BenchServer}, or the WAR as ROOT.war in Debian's Tomcat 10.1. Every one gets
 * the same heap and the same raised limits (see {@link #SETTINGS}); {@link #probe()} reads its CPU
 * time and heap.
 */
final class ServerUnderTest implements AutoCloseable {
  /** Limits raised for 10,000 tunnels from one address; everything else stays at its default. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "rtmpt.max-sessions", "20000",
          "rtmpt.max-sessions-per-address", "20000",
          "rtmpt.engine.max-connections", "20000",
          "rtmpt.metrics-public", "true");

  private static final Duration STARTUP = Duration.ofMinutes(2);

  private final String name;
  private final AutoCloseable process;
  private final long pid;
  private final int httpPort;
  private final int rtmpPort;

  private ServerUnderTest(String name, AutoCloseable process, long pid, int http, int rtmp) {
    this.name = name;
    this.process = process;
    this.pid = pid;
    this.httpPort = http;
    this.rtmpPort = rtmp;
  }

  /** {@code java -jar WAR} on free loopback ports: RTMPT on HTTP and native RTMP. */
  static ServerUnderTest executableWar(Path war, Path logs, List<String> jvmArgs)
      throws IOException, InterruptedException {
    int http = Ports.freePort();
    int rtmp;
    do {
      rtmp = Ports.freePort();
    } while (rtmp == http);
    Path data = Files.createDirectories(logs.resolve("executable-data"));
    List<String> command = java(named(jvmArgs, "executable"), Map.of());
    command.addAll(
        List.of(
            "-jar",
            war.toString(),
            "--host",
            "127.0.0.1",
            "--http-port",
            String.valueOf(http),
            "--rtmp-port",
            String.valueOf(rtmp),
            "--admin-password",
            "benchmark",
            "--data-dir",
            data.toString()));
    ExternalProcess p = ExternalProcess.start("executable", logs, command);
    awaitOutput(p, "rtmpt-bridge is running");
    return new ServerUnderTest("executable WAR (embedded Jetty 12)", p, p.pid(), http, rtmp);
  }

  /** {@link BenchServer} on a free port, with {@code settings} on top of {@link #SETTINGS}. */
  static ServerUnderTest benchServer(Path logs, List<String> jvmArgs, Map<String, String> settings)
      throws IOException, InterruptedException {
    int http = Ports.freePort();
    List<String> command = java(named(jvmArgs, "bench-server"), settings);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BenchServer.class.getName(),
            String.valueOf(http)));
    ExternalProcess p = ExternalProcess.start("bench-server", logs, command);
    awaitOutput(p, BenchServer.READY);
    return new ServerUnderTest("Jetty 12 (BenchServer)", p, p.pid(), http, 0);
  }

  /**
   * The WAR as ROOT.war in Tomcat 10.1 with the connector README.md documents and no access log;
   * the system property {@code bench.tomcat.connector} adds attributes (to try settings).
   */
  static ServerUnderTest tomcat(Path war, Path logs, List<String> jvmArgs)
      throws IOException, InterruptedException {
    Tomcat.requireInstalled();
    int http = Ports.freePort();
    String serverXml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Server port="-1" shutdown="SHUTDOWN">
          <Service name="Catalina">
            <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1"
                       maxKeepAliveRequests="-1" keepAliveTimeout="120000" tcpNoDelay="true"
                       maxConnections="-1" acceptCount="1024" processorCache="-1" %s/>
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
            </Engine>
          </Service>
        </Server>
        """
            .formatted(http, System.getProperty("bench.tomcat.connector", ""));
    List<String> options = new ArrayList<>(named(jvmArgs, "tomcat"));
    SETTINGS.forEach((k, v) -> options.add("-D" + k + "=" + v));
    Tomcat tomcat =
        Tomcat.start(logs.resolve("tomcat-base"), serverXml, war, logs, String.join(" ", options));
    tomcat.awaitDeployed(http, STARTUP);
    return new ServerUnderTest("Tomcat 10.1 (ROOT.war)", tomcat, tomcat.pid(), http, 0);
  }

  /**
   * The JVM options with {@code {server}} replaced by the server's name, so that one option (a JFR
   * file name) gives each server a file of its own.
   */
  private static List<String> named(List<String> jvmArgs, String server) {
    return jvmArgs.stream().map(a -> a.replace("{server}", server)).toList();
  }

  private static List<String> java(List<String> jvmArgs, Map<String, String> settings) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    SETTINGS.forEach((k, v) -> command.add("-D" + k + "=" + settings.getOrDefault(k, v)));
    settings.forEach(
        (k, v) -> {
          if (!SETTINGS.containsKey(k)) {
            command.add("-D" + k + "=" + v);
          }
        });
    return command;
  }

  private static void awaitOutput(ExternalProcess p, String text) throws InterruptedException {
    try {
      Await.until(
          p + " prints '" + text + "'",
          STARTUP,
          () -> p.stdout().contains(text),
          p::isAlive,
          p::tail);
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  JvmProbe probe() {
    return new JvmProbe(pid);
  }

  InetSocketAddress http() {
    return new InetSocketAddress("127.0.0.1", httpPort);
  }

  InetSocketAddress rtmp() {
    if (rtmpPort == 0) {
      throw new IllegalStateException(name + " has no RTMP listener");
    }
    return new InetSocketAddress("127.0.0.1", rtmpPort);
  }

  /** The Prometheus text of {@code /metrics} (public: {@code rtmpt.metrics-public=true}). */
  String metrics() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> reply = client.send(get, HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + reply.statusCode());
    }
    return reply.body();
  }

  /** Stops it by PID: SIGTERM, SIGKILL after 15 s. */
  @Override
  public void close() throws Exception {
    if (process instanceof ExternalProcess p) {
      p.stop(Duration.ofSeconds(15));
      p.close();
    } else {
      process.close();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid + ")";
  }
}
