package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged WAR in a standalone Jetty 12 made as README.md says ({@link JettyBase}), but without
 * the module {@code ee10-websocket-jakarta}: the WebSocket API is then missing from the
 * application's class path altogether. The application deploys all the same, RTMPT works (ffmpeg
 * publishes and a recording plays back as published) and the console is served, polling its API
 * (its overview says there are no live updates); Jetty logs no failure.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneJettyWithoutWebSocketIT {
  private static final String USER = "admin";
  private static final String PASSWORD = "jetty without websocket";
  private static final String WEBSOCKET_MODULE = "ee10-websocket-jakarta";
  private static final String STREAM = "/live/no-websocket";

  private static Path logs;
  private static int httpPort;
  private static ExternalProcess jetty;
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void makeTheBaseWithoutTheWebSocketModuleAndStartJetty() throws Exception {
    JettyBase.home();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(StandaloneJettyWithoutWebSocketIT.class);
    List<String> modules =
        new ArrayList<>(ReadmeSnippets.jettyModules(PackagedWar.projectFile("README.md")));
    assertTrue(modules.remove(WEBSOCKET_MODULE), "README's modules: " + modules);
    JettyBase base = JettyBase.make(logs, modules, USER, PASSWORD);
    int httpsPort;
    do {
      httpPort = Ports.freePort();
      httpsPort = Ports.freePort();
    } while (httpPort == httpsPort);
    jetty =
        base.start(
            "jetty",
            List.of(
                "jetty.http.host=127.0.0.1",
                "jetty.http.port=" + httpPort,
                "jetty.ssl.host=127.0.0.1",
                "jetty.ssl.port=" + httpsPort),
            Map.of("RTMPT_RTMP_PORT", "0"));
    Await.until(
        "root.war deployed (GET /healthz answered 200)",
        Duration.ofSeconds(120),
        () -> get("/healthz", false).statusCode() == 200,
        jetty::isAlive,
        jetty::tail);
  }

  @AfterAll
  static void stopJetty() throws Exception {
    if (jetty != null) {
      try {
        jetty.stop(Duration.ofSeconds(30));
      } finally {
        jetty.close();
      }
    }
  }

  private static HttpResponse<String> get(String path, boolean asUser) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(10));
    if (asUser) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rtmptWorksAndTheConsolePollsWithoutWebSocketSupport() throws Exception {
    String rtmpt = "rtmpt://127.0.0.1:" + httpPort + STREAM;
    try (ExternalProcess publisher = LiveChecks.startPublisher("publisher", logs, rtmpt);
        Recording recording = Recording.start("rtmpt-recording", logs, rtmpt)) {
      recording.assertPlayedBackAsPublished();
      assertTrue(publisher.isAlive(), publisher.tail());
    }

    assertEquals(200, get("/readyz", false).statusCode());
    HttpResponse<String> console = get("/admin/", true);
    assertEquals(200, console.statusCode(), console.body());
    HttpResponse<String> overview = get("/admin/api/overview", true);
    assertEquals(200, overview.statusCode(), overview.body());
    JsonNode o = new ObjectMapper().readTree(overview.body());
    assertFalse(o.get("liveUpdates").asBoolean(), "live updates: " + overview.body());
    assertEquals("serving", o.get("drain").get("state").asText());
    assertEquals(404, get("/admin/ws", true).statusCode(), "no WebSocket endpoint");

    String log = jetty.stderr() + jetty.stdout();
    assertFalse(log.contains("NoClassDefFoundError"), log);
    assertFalse(log.contains("Failed startup"), log);
    assertTrue(log.contains("the admin console polls its API instead"), log);
  }
}
