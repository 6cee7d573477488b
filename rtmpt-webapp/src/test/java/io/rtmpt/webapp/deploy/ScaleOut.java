package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * docker-compose.yml's topology on loopback, for the scale-out tests: ONE nginx-rtmp origin
 * (docker/nginx-rtmp/nginx.conf) and the compose file's gateway nodes (the packaged WAR run with
 * java -jar and the environment the executable image and the compose file's gateway services give
 * it: backend mode, node ids gw1 and gw2), and on demand a load balancer in front of them, HAProxy
 * with docker/haproxy/haproxy.cfg or nginx with docker/nginx/nginx.conf, each changed only in
 * addresses, ports and certificate paths. Each node's admin API is at hand.
 */
final class ScaleOut implements AutoCloseable {
  static final String ADMIN_PASSWORD = "scale-out-it";

  /**
   * The longest a request to a node may take: a few ms on an idle machine; the first ones after a
   * start took over 5 s on a loaded one.
   */
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The address the balancers connect to the nodes from, and the nodes' trusted proxy, in place of
   * the compose file's fixed balancer addresses: not the clients' 127.0.0.1, so that a node that
   * did not take the client's address from {@code X-Forwarded-For} would show.
   */
  static final String BALANCER_SOURCE = "127.0.0.3";

  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

  private final Path logs;
  private final Path war;
  private final Path pem;
  private final NginxRtmp origin;

  /** Node id -> the compose file's environment of its service. */
  private final Map<String, Map<String, String>> composeNodes = new LinkedHashMap<>();

  /** The fixed addresses the compose file gives its balancers. */
  private final List<String> balancerAddresses = new ArrayList<>();

  /** Node id -> compose service name (gateway1...). */
  private final Map<String, String> serviceNames = new LinkedHashMap<>();

  private final Map<String, Integer> nodePorts = new LinkedHashMap<>();
  private final Map<String, ExternalProcess> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> starts = new HashMap<>();
  private final Map<String, HttpClient> consoles = new HashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ScaleOut(Path logs) throws Exception {
    this.logs = logs;
    this.war = PackagedWar.war();
    this.pem =
        Keystores.pem(Keystores.selfSigned(logs.resolve("secrets").resolve("rtmpt.p12"), logs));
    this.origin =
        NginxRtmp.start(
            logs.resolve("nginx-rtmp"), PackagedWar.projectFile(DeploymentFiles.NGINX_RTMP_CONF));
  }

  /** The origin and both nodes, started, each node's banner printed. */
  static ScaleOut start(Class<?> testClass) throws Exception {
    PackagedWar.war();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    Interop.requireTool("haproxy");
    NginxRtmp.requireNginxRtmp();
    ScaleOut scaleOut = new ScaleOut(PackagedWar.freshLogDirectory(testClass));
    try {
      scaleOut.readComposeNodes();
      assertEquals(List.of("gw1", "gw2"), scaleOut.nodeIds(), "compose nodes");
      for (String id : scaleOut.composeNodes.keySet()) {
        scaleOut.nodePorts.put(id, freePortOtherThan(scaleOut.nodePorts.values()));
        scaleOut.startNode(id);
      }
      for (String id : scaleOut.nodeIds()) {
        scaleOut.awaitRunning(id);
      }
    } catch (Exception | AssertionError e) {
      scaleOut.close();
      throw e;
    }
    return scaleOut;
  }

  Path logs() {
    return logs;
  }

  List<String> nodeIds() {
    return List.copyOf(composeNodes.keySet());
  }

  /** {@code rtmp://ORIGIN/...}: straight to the origin, as native RTMP clients go. */
  String originUrl(String path) {
    return "rtmp://" + origin.hostPort() + path;
  }

  ExternalProcess node(String id) {
    return nodes.get(id);
  }

  /** The gateway services of docker-compose.yml: those with RTMPT_NODE_ID. */
  private void readComposeNodes() throws IOException {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(PackagedWar.projectFile(DeploymentFiles.COMPOSE).toFile())
            .get("services");
    for (var it = services.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      Map<String, String> environment = new LinkedHashMap<>();
      service
          .getValue()
          .path("environment")
          .properties()
          .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
      String balancerAddress =
          service.getValue().path("networks").path("default").path("ipv4_address").asText(null);
      if (balancerAddress != null) {
        balancerAddresses.add(balancerAddress);
      }
      String id = environment.get("RTMPT_NODE_ID");
      if (id != null) {
        composeNodes.put(id, environment);
        serviceNames.put(id, service.getKey());
      }
    }
  }

  /**
   * java -jar the WAR as the compose file's node {@code id}: the executable image's ENV, then the
   * service's environment, with the address, port, backend and admin password changed.
   */
  void startNode(String id) throws IOException {
    Map<String, String> environment =
        new HashMap<>(
            DockerFiles.environment(
                PackagedWar.projectFile(DeploymentFiles.EXECUTABLE_DOCKERFILE)));
    environment.putAll(composeNodes.get(id));
    assertEquals("backend", environment.get("RTMPT_BRIDGE"), id + ": " + environment);
    assertEquals("nginx-rtmp:1935", environment.get("RTMPT_BACKEND"), id + ": " + environment);
    assertTrue(
        environment.get("RTMPT_ADMIN_PASSWORD").startsWith("${"),
        "the compose file takes the admin password from the operator's environment");
    assertEquals(
        String.join(",", balancerAddresses),
        environment.get("RTMPT_TRUSTED_PROXY"),
        id + " trusts the compose file's balancers");
    environment.put("RTMPT_TRUSTED_PROXY", BALANCER_SOURCE);
    environment.put("RTMPT_BACKEND", origin.hostPort());
    environment.put("RTMPT_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("RTMPT_HOST", "127.0.0.1");
    environment.put("RTMPT_HTTP_PORT", "" + nodePorts.get(id));
    environment.put("RTMPT_DATA_DIR", logs.resolve(id + "-data").toString());
    int run = starts.merge(id, 1, Integer::sum);
    String name = run == 1 ? id : id + "-start" + run;
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    nodes.put(
        id,
        ExternalProcess.start(
            name,
            logs,
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                war.toString()),
            environment));
    consoles.remove(id);
  }

  void awaitRunning(String id) throws InterruptedException {
    ExternalProcess node = nodes.get(id);
    Await.until(
        node + " printed its banner",
        ExecutableWarIT.STARTUP,
        () -> node.stdout().contains("rtmpt-bridge is running"),
        node::isAlive,
        node::tail);
  }

  /** Starts the node again if it was stopped, on its port, and waits for it. */
  void ensureRunning(String id) throws Exception {
    if (!nodes.get(id).isAlive()) {
      startNode(id);
      awaitRunning(id);
    }
  }

  /** {@code http://127.0.0.1:PORT} of a node. */
  URI nodeUri(String id, String path) {
    return URI.create("http://127.0.0.1:" + nodePorts.get(id) + path);
  }

  /** Node id -> ids of the tunnels its admin API lists now; nodes that are down are left out. */
  Map<String, Set<String>> tunnelsByNode() throws Exception {
    Map<String, Set<String>> tunnels = new LinkedHashMap<>();
    for (String id : nodeIds()) {
      if (nodes.get(id).isAlive()) {
        tunnels.put(id, tunnels(id));
      }
    }
    return tunnels;
  }

  /** Ids of the tunnels node {@code id}'s admin API lists now. */
  Set<String> tunnels(String id) throws Exception {
    return new HashSet<>(tunnelRows(id).keySet());
  }

  /** Tunnel id -> its row ({@code SessionRow} as JSON) in node {@code id}'s admin API now. */
  Map<String, JsonNode> tunnelRows(String id) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(nodeUri(id, "/admin/api/sessions"))
                .header("Authorization", BASIC)
                .timeout(API_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), id + ": " + response.body());
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (JsonNode row : new ObjectMapper().readTree(response.body())) {
      if (row.path("kind").asText().equals("tunnel")) {
        rows.put(row.path("tunnelId").asText(), row);
      }
    }
    return rows;
  }

  /**
   * An action of node {@code id}'s admin API ({@code drain}, {@code resume}), as a script does it:
   * the session's anti-CSRF token first, then the POST with it.
   */
  HttpResponse<String> adminAction(String id, String action) throws Exception {
    HttpClient console =
        consoles.computeIfAbsent(
            id,
            n ->
                HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
    HttpResponse<String> csrf =
        console.send(
            HttpRequest.newBuilder(nodeUri(id, "/admin/api/csrf"))
                .header("Authorization", BASIC)
                .timeout(API_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, csrf.statusCode(), csrf.body());
    String token = new ObjectMapper().readTree(csrf.body()).get("token").asText();
    return console.send(
        HttpRequest.newBuilder(nodeUri(id, "/admin/api/" + action))
            .header("Authorization", BASIC)
            .header("X-CSRF-Token", token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(API_TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The status of GET /readyz of node {@code id}. */
  int readyz(String id) throws Exception {
    return http.send(
            HttpRequest.newBuilder(nodeUri(id, "/readyz")).timeout(API_TIMEOUT).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The status of a POST /open/1 straight to node {@code id}. */
  int open(String id) throws Exception {
    return http.send(
            HttpRequest.newBuilder(nodeUri(id, "/open/1"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
                .timeout(API_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A sample of node {@code id}'s /metrics, by its name and labels as written there. */
  double metric(String id, String series) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(nodeUri(id, "/metrics"))
                .header("Authorization", BASIC)
                .timeout(API_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    for (String line : response.body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(id + ": no " + series + " in\n" + response.body());
  }

  /** A load balancer in front of the nodes, listening. */
  record Balancer(String name, ExternalProcess process, int port, int tlsPort)
      implements AutoCloseable {
    String rtmpt(String path) {
      return "rtmpt://127.0.0.1:" + port + path;
    }

    String rtmpts(String path) {
      return "rtmpts://127.0.0.1:" + tlsPort + path;
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** HAProxy with docker/haproxy/haproxy.cfg, in a directory of its own under the logs. */
  Balancer haproxy(String name) throws Exception {
    Path dir = Files.createDirectories(logs.resolve(name));
    int port = freePortOtherThan(nodePorts.values());
    int tlsPort = freePortOtherThan(List.of(port));
    String config = read(DeploymentFiles.HAPROXY_CFG);
    config = replaceOnce(config, "bind :8080", "bind 127.0.0.1:" + port);
    config =
        replaceOnce(
            config,
            "bind :8443 ssl crt /run/secrets/rtmpt.pem",
            "bind 127.0.0.1:" + tlsPort + " ssl crt " + pem);
    config =
        replaceOnce(
            config, "default-server check", "default-server source " + BALANCER_SOURCE + " check");
    config = nodeAddresses(config);
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, config, StandardCharsets.UTF_8);
    ExternalProcess haproxy =
        ExternalProcess.start(
            "haproxy",
            dir,
            List.of(Interop.requireTool("haproxy").toString(), "-db", "-f", cfg.toString()));
    return listening(new Balancer(name, haproxy, port, tlsPort));
  }

  /** nginx with docker/nginx/nginx.conf, in a directory of its own under the logs. */
  Balancer nginx(String name) throws Exception {
    Path dir = Files.createDirectories(logs.resolve(name)).toAbsolutePath();
    int port = freePortOtherThan(nodePorts.values());
    int tlsPort = freePortOtherThan(List.of(port));
    String config = read(DeploymentFiles.NGINX_BALANCER_CONF);
    config = replaceOnce(config, "listen 8080;", "listen 127.0.0.1:" + port + ";");
    config = replaceOnce(config, "listen 8443 ssl;", "listen 127.0.0.1:" + tlsPort + " ssl;");
    config =
        replaceOnce(
            config,
            "/run/secrets/rtmpt.crt",
            pem.resolveSibling("rtmpt.crt").toAbsolutePath().toString());
    config =
        replaceOnce(
            config,
            "/run/secrets/rtmpt.key",
            pem.resolveSibling("rtmpt.key").toAbsolutePath().toString());
    config =
        replaceOnce(
            config,
            "http {",
            "http {\n    # temporary files of this test's nginx in its directory\n"
                + "    client_body_temp_path "
                + dir.resolve("client_body")
                + ";\n    proxy_temp_path "
                + dir.resolve("proxy")
                + ";\n    fastcgi_temp_path "
                + dir.resolve("fastcgi")
                + ";\n    uwsgi_temp_path "
                + dir.resolve("uwsgi")
                + ";\n    scgi_temp_path "
                + dir.resolve("scgi")
                + ";\n    # the nodes see the balancer at its own address\n    proxy_bind "
                + BALANCER_SOURCE
                + ";\n");
    config = nodeAddresses(config);
    // Foreground, one process, pid file and error log here: no RTMP module for the balancer.
    String header =
        "daemon off;\nmaster_process off;\npid "
            + dir.resolve("nginx.pid")
            + ";\nerror_log "
            + dir.resolve("error.log")
            + " info;\n";
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, header + config, StandardCharsets.UTF_8);
    ExternalProcess nginx =
        ExternalProcess.start(
            "nginx",
            dir,
            List.of(
                Interop.requireTool("nginx").toString(),
                "-p",
                dir + "/",
                "-c",
                conf.toString(),
                "-e",
                dir.resolve("error.log").toString()));
    return listening(new Balancer(name, nginx, port, tlsPort));
  }

  /** {@code SERVICE:8080} (the compose file's services) -> the nodes' loopback addresses. */
  private String nodeAddresses(String config) {
    String result = config;
    for (Map.Entry<String, Integer> node : nodePorts.entrySet()) {
      result =
          result.replace(serviceNames.get(node.getKey()) + ":8080", "127.0.0.1:" + node.getValue());
    }
    assertTrue(
        !Pattern.compile("gateway\\d+:").matcher(result).find(),
        "gateway addresses left:\n" + result);
    return result;
  }

  private static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    assertTrue(at >= 0 && at == text.lastIndexOf(what), "want exactly one '" + what + "'");
    return text.replace(what, with);
  }

  private static String read(String relative) throws IOException {
    return Files.readString(PackagedWar.projectFile(relative), StandardCharsets.UTF_8);
  }

  static int freePortOtherThan(Iterable<Integer> taken) {
    Set<Integer> used = new HashSet<>();
    taken.forEach(used::add);
    int port;
    do {
      port = Ports.freePort();
    } while (used.contains(port));
    return port;
  }

  private static Balancer listening(Balancer balancer) throws InterruptedException {
    ExternalProcess process = balancer.process();
    try {
      Await.until(
          process + " listening on port " + balancer.port(),
          Duration.ofSeconds(20),
          () -> {
            try (Socket probe = new Socket()) {
              probe.connect(new InetSocketAddress("127.0.0.1", balancer.port()), 200);
              return true;
            }
          },
          process::isAlive,
          () -> {
            try {
              return process.stdout() + process.tail();
            } catch (IOException e) {
              return e.toString();
            }
          });
    } catch (AssertionError e) {
      process.close();
      throw e;
    }
    return balancer;
  }

  /** SIGTERM to every node (each drains, then stops), SIGKILL after 40 s; then the origin. */
  @Override
  public void close() throws InterruptedException {
    List<ExternalProcess> all = new ArrayList<>(nodes.values());
    for (ExternalProcess node : all) {
      node.stop(Duration.ofSeconds(40));
      node.close();
    }
    if (origin != null) {
      origin.close();
    }
  }
}
