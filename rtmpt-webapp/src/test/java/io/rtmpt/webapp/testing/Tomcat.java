package io.rtmpt.webapp.testing;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Tomcat 10.1 ({@code apt install tomcat10}) run by a test: a private CATALINA_BASE with
 * the configuration from {@code /usr/share/tomcat10/etc} but the test's server.xml, the WAR as
 * {@code webapps/ROOT.war}, and {@code catalina.sh run} in the foreground, stopped by PID.
 */
public final class Tomcat implements AutoCloseable {
  public static final Path HOME = Path.of("/usr/share/tomcat10");
  private static final Path CATALINA_SH = HOME.resolve("bin").resolve("catalina.sh");

  private final Path base;
  private final ExternalProcess process;

  private Tomcat(Path base, ExternalProcess process) {
    this.base = base;
    this.process = process;
  }

  /** Skips the test (fails it with -Dinterop.required=true) when tomcat10 is not installed. */
  public static void requireInstalled() {
    Interop.requireExecutable(CATALINA_SH, "tomcat10 not found: apt install tomcat10");
  }

  /**
   * Creates {@code base} afresh (conf/, logs/, webapps/ROOT.war, work/, temp/) and starts Tomcat on
   * it, with the running JVM's Java. Output goes to {@code logs/tomcat.out|err}.
   */
  public static Tomcat start(Path base, String serverXml, Path war, Path logs) throws IOException {
    return start(base, serverXml, war, logs, Map.of(), "-Xmx256m");
  }

  /** As above, with {@code environment} added to Tomcat's (e.g. an image's RTMPT_* variables). */
  public static Tomcat start(
      Path base, String serverXml, Path war, Path logs, Map<String, String> environment)
      throws IOException {
    return start(base, serverXml, war, logs, environment, "-Xmx256m");
  }

  /** As {@link #start(Path, String, Path, Path)}, with the JVM options {@code catalinaOpts}. */
  public static Tomcat start(Path base, String serverXml, Path war, Path logs, String catalinaOpts)
      throws IOException {
    return start(base, serverXml, war, logs, Map.of(), catalinaOpts);
  }

  /** With {@code environment} added to Tomcat's and the JVM options {@code catalinaOpts}. */
  public static Tomcat start(
      Path base,
      String serverXml,
      Path war,
      Path logs,
      Map<String, String> environment,
      String catalinaOpts)
      throws IOException {
    requireInstalled();
    Path conf = Files.createDirectories(base.resolve("conf"));
    for (String dir : new String[] {"logs", "webapps", "work", "temp"}) {
      Files.createDirectories(base.resolve(dir));
    }
    try (Stream<Path> defaults = Files.list(HOME.resolve("etc"))) {
      for (Path file : (Iterable<Path>) defaults::iterator) {
        if (Files.isRegularFile(file) && !file.getFileName().toString().equals("server.xml")) {
          Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.writeString(conf.resolve("server.xml"), serverXml, StandardCharsets.UTF_8);
    Files.copy(
        war, base.resolve("webapps").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("CATALINA_HOME", HOME.toString());
    env.put("CATALINA_BASE", base.toAbsolutePath().toString());
    env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    env.put("CATALINA_OPTS", catalinaOpts);
    ExternalProcess process =
        ExternalProcess.start("tomcat", logs, List.of(CATALINA_SH.toString(), "run"), env);
    return new Tomcat(base, process);
  }

  /**
   * Waits until the application answers on {@code port}: a GET of /open/1 gets the servlet's 405.
   */
  public void awaitDeployed(int port, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/open/1"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    Await.until(
        "ROOT.war deployed (GET /open/1 answered 405)",
        timeout,
        () -> client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 405,
        process::isAlive,
        () -> process.tail() + "\n" + catalinaLog());
  }

  public long pid() {
    return process.pid();
  }

  /** The lines of the access logs under {@code logs/} (see {@link AccessLogLine}). */
  public List<AccessLogLine> accessLog() throws IOException {
    List<AccessLogLine> lines = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(base.resolve("logs"))) {
      files = list.filter(p -> p.getFileName().toString().startsWith("access")).sorted().toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.add(AccessLogLine.parse(line));
        }
      }
    }
    return lines;
  }

  /** Tomcat's own log (catalina.*.log), for failure messages. */
  public String catalinaLog() {
    try (Stream<Path> list = Files.list(base.resolve("logs"))) {
      StringBuilder sb = new StringBuilder();
      for (Path p :
          (Iterable<Path>)
              list.filter(f -> f.getFileName().toString().startsWith("catalina")).sorted()
                  ::iterator) {
        sb.append(Files.readString(p, StandardCharsets.UTF_8));
      }
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces {@code webapps/ROOT.war} with {@code war}, with a newer modification time: a Host with
   * {@code autoDeploy="true"} undeploys the application and deploys it again.
   */
  public void redeploy(Path war) throws IOException {
    Path root = base.resolve("webapps").resolve("ROOT.war");
    FileTime before = Files.getLastModifiedTime(root);
    Files.copy(war, root, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(root, FileTime.fromMillis(before.toMillis() + 2_000));
  }

  /**
   * Deploys {@code war} as {@code webapps/ROOT.war} with {@code contextXml} as its context file
   * ({@code conf/Catalina/localhost/ROOT.xml}, e.g. {@code <Parameter>}s), for a Host with {@code
   * autoDeploy="true"}.
   */
  public void deploy(Path war, String contextXml) throws IOException {
    Path descriptors = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
    Files.writeString(descriptors.resolve("ROOT.xml"), contextXml, StandardCharsets.UTF_8);
    Files.copy(
        war, base.resolve("webapps").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Deletes {@code webapps/ROOT.war}: a Host with {@code autoDeploy="true"} undeploys it. */
  public void undeploy() throws IOException {
    Files.delete(base.resolve("webapps").resolve("ROOT.war"));
  }

  /** SIGTERM (Tomcat stops its applications), SIGKILL after 15 s; by PID. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.stop(Duration.ofSeconds(15));
    } finally {
      process.close();
    }
  }

  /**
   * One access log line as docker/tomcat/server.xml writes it: {@code %a %{remote}p %{local}p %t
   * "%r" %s %b}.
   */
  public record AccessLogLine(
      String address, int remotePort, int localPort, String method, String uri, int status) {
    private static final Pattern LINE =
        Pattern.compile(
            "^(\\S+) (\\d+) (\\d+) \\[[^\\]]+\\] \"(\\S+) (\\S+) [^\"]*\" (\\d{3}) \\S+$");

    static AccessLogLine parse(String line) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "not an access log line of the pattern "
                + "'%a %{remote}p %{local}p %t \"%r\" %s %b': "
                + line);
      }
      return new AccessLogLine(
          m.group(1),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          m.group(4),
          m.group(5),
          Integer.parseInt(m.group(6)));
    }
  }
}
