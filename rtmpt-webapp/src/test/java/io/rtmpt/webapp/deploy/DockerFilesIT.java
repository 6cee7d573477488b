package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtmpt.webapp.health.Drain;
import io.rtmpt.webapp.health.DrainConfig;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.PackagedWar;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The images, the compose file and the READMEs reference only configuration the integration tests
 * run: no Docker engine exists where the tests run, so this is what keeps docker/ from drifting
 * away from what was tested. Files are read from the repository (no WAR needed, but it runs with
 * the other deployment tests, where the repository's location is known).
 */
class DockerFilesIT {
  private static final String WAR = "rtmpt-webapp/target/rtmpt-bridge.war";

  /** Where the compose file expects the operator's TLS files, which the repository never holds. */
  private static final String OPERATOR_SECRETS = "docker/secrets/";

  @Test
  void everyDeploymentFileTheTestsListExistsAndSomeIntegrationTestUsesIt() throws Exception {
    Path tests = PackagedWar.projectFile("rtmpt-webapp/src/test/java");
    // The test sources that run files: all but this class and the list itself.
    StringBuilder itSources = new StringBuilder();
    try (Stream<Path> walk = Files.walk(tests)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".java")
            && !name.equals("DockerFilesIT.java")
            && !name.equals("DeploymentFiles.java")) {
          itSources.append(Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    for (Map.Entry<String, String> file : testedFiles().entrySet()) {
      assertTrue(Files.exists(PackagedWar.projectFile(file.getValue())), file.getValue());
      assertTrue(
          itSources.toString().contains("DeploymentFiles." + file.getKey()),
          "no test uses DeploymentFiles." + file.getKey() + " (" + file.getValue() + ")");
    }
  }

  @Test
  void theImagesCopyOnlyTheWarAndTestedFilesAndTheirDockerignoresAdmitExactlyThose()
      throws Exception {
    List<Path> dockerfiles = dockerfiles();
    assertEquals(3, dockerfiles.size(), "docker/Dockerfile.*: " + dockerfiles);
    for (Path dockerfile : dockerfiles) {
      List<String> sources = DockerFiles.copySources(dockerfile);
      assertTrue(sources.contains(WAR), dockerfile + " copies the WAR: " + sources);
      for (String source : sources) {
        assertTrue(
            source.equals(WAR) || isTested(source),
            dockerfile.getFileName() + " copies " + source + ", which no integration test runs");
      }
      Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
      List<String> admitted =
          Files.readAllLines(ignore, StandardCharsets.UTF_8).stream()
              .filter(l -> l.startsWith("!"))
              .map(l -> l.substring(1).strip())
              .toList();
      assertEquals(
          new TreeSet<>(sources),
          new TreeSet<>(admitted),
          ignore.getFileName() + " admits exactly what the image copies");
    }
  }

  @Test
  void theJettyImageAddsTheModulesReadmeNamesAndStandaloneJettyItUses() throws Exception {
    List<String> readme = ReadmeSnippets.jettyModules(PackagedWar.projectFile("README.md"));
    Matcher m =
        Pattern.compile("--add-modules=([a-z0-9,-]+)")
            .matcher(
                Files.readString(
                    PackagedWar.projectFile(DeploymentFiles.JETTY_DOCKERFILE),
                    StandardCharsets.UTF_8));
    assertTrue(m.find(), "Dockerfile.jetty has no --add-modules=");
    assertEquals(readme, List.of(m.group(1).split(",")));
  }

  @Test
  void theComposeFileMountsOnlyTestedFilesAndBuildsTheImagesHere() throws Exception {
    Path compose = PackagedWar.projectFile(DeploymentFiles.COMPOSE);
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(compose.toFile());
    JsonNode services = root.get("services");
    List<String> mounted = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      JsonNode build = service.getValue().get("build");
      if (build != null) {
        Path dockerfile =
            compose
                .getParent()
                .resolve(build.get("context").asText())
                .resolve(build.get("dockerfile").asText())
                .normalize();
        assertTrue(dockerfiles().contains(dockerfile), service.getKey() + ": " + dockerfile);
      }
      for (JsonNode volume : service.getValue().path("volumes")) {
        String host = volume.asText().split(":")[0];
        assertTrue(host.startsWith("./"), service.getKey() + " mounts " + volume.asText());
        String file = "docker/" + host.substring(2);
        assertTrue(isTested(file), service.getKey() + " mounts " + file + ", which no test runs");
        mounted.add(file);
      }
    }
    assertTrue(mounted.contains(DeploymentFiles.HAPROXY_CFG), "" + mounted);
    assertTrue(mounted.contains(DeploymentFiles.NGINX_BALANCER_CONF), "" + mounted);
    assertTrue(mounted.contains(DeploymentFiles.NGINX_RTMP_CONF), "" + mounted);
    for (JsonNode secret : root.path("secrets")) {
      String file = "docker/" + secret.get("file").asText().replaceFirst("^\\./", "");
      assertTrue(file.startsWith(OPERATOR_SECRETS), "secret " + file);
      assertFalse(
          Files.exists(PackagedWar.projectFile("docker").getParent().resolve(file)),
          file + " is the operator's: it must not be in the repository");
    }
  }

  @Test
  void theBalancersRouteExactlyTheComposeFilesNodesByTheirIds() throws Exception {
    Path compose = PackagedWar.projectFile(DeploymentFiles.COMPOSE);
    JsonNode services =
        new ObjectMapper(new YAMLFactory()).readTree(compose.toFile()).get("services");
    Map<String, String> nodes = new LinkedHashMap<>(); // node id -> service name
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      JsonNode id = service.getValue().path("environment").get("RTMPT_NODE_ID");
      if (id != null) {
        assertEquals(
            "backend", service.getValue().path("environment").get("RTMPT_BRIDGE").asText());
        nodes.put(id.asText(), service.getKey());
      }
    }
    assertEquals(2, nodes.size(), "gateway nodes in the compose file: " + nodes);
    String haproxy = read(DeploymentFiles.HAPROXY_CFG);
    String nginx = read(DeploymentFiles.NGINX_BALANCER_CONF);
    for (Map.Entry<String, String> node : nodes.entrySet()) {
      String id = node.getKey();
      String address = node.getValue() + ":8080";
      String route = "^/(send|idle|close)/" + id + "[A-Z]";
      assertTrue(haproxy.contains("path_reg " + route), "haproxy.cfg routes " + id);
      assertTrue(haproxy.contains("server " + id + " " + address), "haproxy.cfg server " + id);
      assertTrue(nginx.contains("\"~" + route + "\"  " + id + ";"), "nginx.conf routes " + id);
      assertTrue(
          Pattern.compile("upstream " + id + " \\{\\s*server " + Pattern.quote(address) + ";")
              .matcher(nginx)
              .find(),
          "nginx.conf upstream " + id);
    }
  }

  @Test
  void theComposeFilesGatewaysMayFinishTheirDrainBeforeDockerKillsThem() throws Exception {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(PackagedWar.projectFile(DeploymentFiles.COMPOSE).toFile())
            .get("services");
    int gateways = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      JsonNode environment = service.getValue().path("environment");
      if (environment.get("RTMPT_NODE_ID") == null) {
        continue;
      }
      gateways++;
      Duration grace =
          environment.has("RTMPT_DRAIN_GRACE_MS")
              ? Duration.ofMillis(Long.parseLong(environment.get("RTMPT_DRAIN_GRACE_MS").asText()))
              : DrainConfig.DEFAULT_GRACE;
      Matcher stop =
          Pattern.compile("([0-9]+)s")
              .matcher(service.getValue().path("stop_grace_period").asText());
      assertTrue(stop.matches(), service.getKey() + " has a stop_grace_period in seconds");
      assertTrue(
          Duration.ofSeconds(Long.parseLong(stop.group(1))).compareTo(grace.plus(Drain.FAREWELL))
              > 0,
          service.getKey() + ": stop_grace_period must outlast the drain (" + grace + " + 5 s)");
    }
    assertEquals(2, gateways);
  }

  @Test
  void theReadmesLinkOnlyFilesThatExist() throws Exception {
    Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)[)#]");
    Pattern backticked = Pattern.compile("`(docker/[A-Za-z0-9._/-]+)`");
    for (String readme : new String[] {"README.md", "docker/README.md"}) {
      Path file = PackagedWar.projectFile(readme);
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Matcher m = link.matcher(text);
      while (m.find()) {
        if (!m.group(1).contains("://")) {
          Path target = file.getParent().resolve(m.group(1)).normalize();
          assertTrue(Files.exists(target), readme + " links " + m.group(1));
        }
      }
      m = backticked.matcher(text);
      while (m.find()) {
        if (!m.group(1).startsWith(OPERATOR_SECRETS)) {
          Path target = PackagedWar.projectFile("README.md").getParent().resolve(m.group(1));
          assertTrue(Files.exists(target), readme + " names " + m.group(1));
        }
      }
    }
  }

  private static String read(String relative) throws IOException {
    return Files.readString(PackagedWar.projectFile(relative), StandardCharsets.UTF_8);
  }

  private static boolean isTested(String path) {
    for (String tested : DeploymentFiles.TESTED) {
      if (path.equals(tested) || path.startsWith(tested + "/")) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> dockerfiles() throws IOException {
    try (Stream<Path> list = Files.list(PackagedWar.projectFile("docker"))) {
      return list.filter(
              p ->
                  p.getFileName().toString().startsWith("Dockerfile.")
                      && !p.getFileName().toString().endsWith(".dockerignore"))
          .sorted()
          .toList();
    }
  }

  /** DeploymentFiles' constants other than TESTED: name -> path. */
  private static Map<String, String> testedFiles() throws IllegalAccessException {
    Map<String, String> files = new LinkedHashMap<>();
    for (Field f : DeploymentFiles.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        files.put(f.getName(), (String) f.get(null));
      }
    }
    assertEquals(
        new TreeSet<>(DeploymentFiles.TESTED), new TreeSet<>(files.values()), "TESTED lists all");
    return files;
  }
}
