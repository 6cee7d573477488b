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
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.io.IOException;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scale-out without shared state, as docker-compose.yml sets it up: two gateway nodes (the packaged
 * WAR run with java -jar and the environment the executable image and the compose file's gateway
 * services give it: backend mode, node ids gw1 and gw2) in front of ONE nginx-rtmp origin
 * (docker/nginx-rtmp/nginx.conf), behind a load balancer that routes each tunnel's requests by the
 * node id in its session id: HAProxy with docker/haproxy/haproxy.cfg, then nginx with
 * docker/nginx/nginx.conf, each changed only in addresses, ports and certificate paths.
 *
 * <p>Through each balancer ffmpeg publishes over rtmpt:// and three ffmpeg players record the
 * stream, one of them over rtmpts:// (TLS ending at the balancer); every recording must probe as
 * what was published, and the tunnels must have landed on both nodes, as each node's admin API
 * lists them, every id starting with that node's id.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScaleOutIT {
  private static final String ADMIN_PASSWORD = "scale-out-it";

  /**
   * 7 s recordings, checked for 5 s of frames: players join nginx-rtmp at the publisher's next key
   * frame (no GOP cache there), up to 1 s later.
   */
  private static final int RECORD_SECONDS = 7;

  private static Path logs;
  private static Path war;
  private static Path pem;
  private static NginxRtmp origin;

  /** Node id -> the compose file's environment of its service. */
  private static final Map<String, Map<String, String>> composeNodes = new LinkedHashMap<>();

  /** Node id -> compose service name (gateway1...). */
  private static final Map<String, String> serviceNames = new LinkedHashMap<>();

  private static final Map<String, Integer> nodePorts = new LinkedHashMap<>();
  private static final List<ExternalProcess> nodes = new ArrayList<>();
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startTheOriginAndTwoNodes() throws Exception {
    war = PackagedWar.war();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    Interop.requireTool("haproxy");
    NginxRtmp.requireNginxRtmp();
    logs = PackagedWar.freshLogDirectory(ScaleOutIT.class);
    pem = Keystores.pem(Keystores.selfSigned(logs.resolve("secrets").resolve("rtmpt.p12"), logs));
    origin =
        NginxRtmp.start(
            logs.resolve("nginx-rtmp"), PackagedWar.projectFile(DeploymentFiles.NGINX_RTMP_CONF));
    readComposeNodes();
    assertEquals(List.of("gw1", "gw2"), List.copyOf(composeNodes.keySet()), "compose nodes");
    for (String id : composeNodes.keySet()) {
      int port = freePortOtherThan(nodePorts.values());
      nodePorts.put(id, port);
      nodes.add(startNode(id, port));
    }
    for (ExternalProcess node : nodes) {
      Await.until(
          node + " printed its banner",
          Duration.ofSeconds(60),
          () -> node.stdout().contains("rtmpt-bridge is running"),
          node::isAlive,
          node::tail);
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (ExternalProcess node : nodes) {
      node.stop(Duration.ofSeconds(15));
      node.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  /** The gateway services of docker-compose.yml: those with RTMPT_NODE_ID. */
  private static void readComposeNodes() throws IOException {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(PackagedWar.projectFile(DeploymentFiles.COMPOSE).toFile())
            .get("services");
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      Map<String, String> environment = new LinkedHashMap<>();
      service
          .getValue()
          .path("environment")
          .fields()
          .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
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
  private static ExternalProcess startNode(String id, int port) throws IOException {
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
    environment.put("RTMPT_BACKEND", origin.hostPort());
    environment.put("RTMPT_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("RTMPT_HOST", "127.0.0.1");
    environment.put("RTMPT_HTTP_PORT", "" + port);
    environment.put("RTMPT_DATA_DIR", logs.resolve(id + "-data").toString());
    Path tmp = Files.createDirectories(logs.resolve(id + "-tmp"));
    return ExternalProcess.start(
        id,
        logs,
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Djava.io.tmpdir=" + tmp,
            "-jar",
            war.toString()),
        environment);
  }

  @Test
  void throughHaproxyTunnelsLandOnBothNodesAndEveryPlayerGetsTheStream() throws Exception {
    Path dir = Files.createDirectories(logs.resolve("haproxy"));
    int port = freePortOtherThan(nodePorts.values());
    int tlsPort = freePortOtherThan(List.of(port));
    String config = read(DeploymentFiles.HAPROXY_CFG);
    config = replaceOnce(config, "bind :8080", "bind 127.0.0.1:" + port);
    config =
        replaceOnce(
            config,
            "bind :8443 ssl crt /run/secrets/rtmpt.pem",
            "bind 127.0.0.1:" + tlsPort + " ssl crt " + pem);
    config = nodeAddresses(config);
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, config, StandardCharsets.UTF_8);
    try (ExternalProcess haproxy =
        ExternalProcess.start(
            "haproxy",
            dir,
            List.of(Interop.requireTool("haproxy").toString(), "-db", "-f", cfg.toString()))) {
      awaitListening(haproxy, port);
      playThrough("haproxy", port, tlsPort);
    }
  }

  @Test
  void throughNginxTunnelsLandOnBothNodesAndEveryPlayerGetsTheStream() throws Exception {
    Path dir = Files.createDirectories(logs.resolve("nginx-balancer")).toAbsolutePath();
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
    try (ExternalProcess nginx =
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
                dir.resolve("error.log").toString()))) {
      awaitListening(nginx, port);
      playThrough("nginx", port, tlsPort);
    }
  }

  /**
   * ffmpeg publishing over rtmpt:// through the balancer and three recordings (two over rtmpt://,
   * one over rtmpts://); while they run, both nodes' admin APIs must list new tunnels, at least
   * four together.
   */
  private void playThrough(String balancer, int port, int tlsPort) throws Exception {
    String stream = "/live/scale-" + balancer;
    String rtmpt = "rtmpt://127.0.0.1:" + port + stream;
    String rtmpts = "rtmpts://127.0.0.1:" + tlsPort + stream;
    Map<String, Set<String>> before = tunnelsByNode();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    composeNodes.keySet().forEach(id -> seen.put(id, new HashSet<>()));
    try (ExternalProcess publisher =
            LiveChecks.startPublisher(balancer + "-publisher", logs, rtmpt);
        Recording first = Recording.start(balancer + "-recording-1", logs, rtmpt, RECORD_SECONDS);
        Recording second = Recording.start(balancer + "-recording-2", logs, rtmpt, RECORD_SECONDS);
        Recording tls =
            Recording.start(balancer + "-recording-tls", logs, rtmpts, RECORD_SECONDS)) {
      Await.until(
          "tunnels of the publisher and three players on both nodes",
          Duration.ofSeconds(30),
          () -> {
            tunnelsByNode()
                .forEach(
                    (id, tunnels) -> {
                      tunnels.removeAll(before.get(id));
                      seen.get(id).addAll(tunnels);
                    });
            return seen.values().stream().allMatch(s -> !s.isEmpty())
                && seen.values().stream().mapToInt(Set::size).sum() >= 4;
          },
          () -> "tunnels seen per node: " + seen);
      first.assertPlayedBackAsPublished();
      second.assertPlayedBackAsPublished();
      tls.assertPlayedBackAsPublished();
    }
    for (Map.Entry<String, Set<String>> node : seen.entrySet()) {
      for (String id : node.getValue()) {
        assertTrue(
            id.matches(node.getKey() + "[A-Z][A-Za-z0-9]{23}"),
            "node " + node.getKey() + " issued the tunnel id " + id);
      }
    }
  }

  /** Node id -> ids of the tunnels its admin API lists now. */
  private static Map<String, Set<String>> tunnelsByNode() throws Exception {
    Map<String, Set<String>> tunnels = new LinkedHashMap<>();
    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Integer> node : nodePorts.entrySet()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.getValue() + "/admin/api/sessions"))
                  .header("Authorization", "Basic " + basic)
                  // each Basic request checks a PBKDF2 hash (210,000 iterations): seconds of CPU
                  // on a CI machine whose 2 cores run every IT class at once
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), node.getKey() + ": " + response.body());
      Set<String> ids = new HashSet<>();
      for (JsonNode row : new ObjectMapper().readTree(response.body())) {
        if (row.path("kind").asText().equals("tunnel")) {
          ids.add(row.path("tunnelId").asText());
        }
      }
      tunnels.put(node.getKey(), ids);
    }
    return tunnels;
  }

  /** {@code SERVICE:8080} (the compose file's services) -> the nodes' loopback addresses. */
  private static String nodeAddresses(String config) {
    String result = config;
    for (Map.Entry<String, Integer> node : nodePorts.entrySet()) {
      result =
          result.replace(serviceNames.get(node.getKey()) + ":8080", "127.0.0.1:" + node.getValue());
    }
    assertTrue(
        !java.util.regex.Pattern.compile("gateway\\d+:").matcher(result).find(),
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

  private static int freePortOtherThan(Iterable<Integer> taken) {
    Set<Integer> used = new HashSet<>();
    taken.forEach(used::add);
    int port;
    do {
      port = Ports.freePort();
    } while (used.contains(port));
    return port;
  }

  private static void awaitListening(ExternalProcess process, int port)
      throws InterruptedException {
    Await.until(
        process + " listening on port " + port,
        Duration.ofSeconds(20),
        () -> {
          try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
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
  }
}
