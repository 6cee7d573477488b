package io.rtmpt.webapp.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.bridge.BackendProbe;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /healthz} and {@code /readyz} of the whole application in Jetty: in engine mode, while
 * draining, and in backend mode with the backend down and back; new tunnels refused while draining,
 * running ones served.
 */
class HealthIntegrationTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedWebapp webapp;

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(webapp.httpBase() + path);
  }

  /** POST with the one-byte body clients send; status and body. */
  private HttpResponse<String> post(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-fcs")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0})));
  }

  private static void assertPlain(HttpResponse<String> response, int status, String body) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(body, response.body());
    assertEquals(
        "text/plain;charset=us-ascii",
        response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void anEngineNodeIsAliveAndReadyAndSaysNothingElse() throws Exception {
    webapp = EmbeddedWebapp.start(Map.of());
    assertPlain(get("/healthz"), 200, "ok\n");
    assertPlain(get("/readyz"), 200, "ready\n");

    HttpResponse<String> head =
        send(
            HttpRequest.newBuilder(uri("/readyz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    HttpResponse<String> post = post("/readyz");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void aDrainingNodeIsAliveButNotReadyRefusesNewTunnelsAndServesRunningOnes() throws Exception {
    webapp = EmbeddedWebapp.start(Map.of("rtmpt.drain-grace-ms", "60000"));
    HttpResponse<String> open = post("/open/1");
    assertEquals(200, open.statusCode());
    String running = open.body().trim();

    assertTrue(webapp.gateway().drain().begin("test"));
    assertPlain(get("/readyz"), 503, "not ready: draining\n");
    assertPlain(get("/healthz"), 200, "ok\n");
    assertEquals(503, post("/open/1").statusCode(), "new tunnels go to another node");
    assertEquals(200, post("/idle/" + running + "/0").statusCode(), "the running tunnel goes on");
    assertEquals(1, webapp.registry().size());

    assertTrue(webapp.gateway().drain().resume("test"));
    assertPlain(get("/readyz"), 200, "ready\n");
    assertEquals(200, post("/open/1").statusCode());
  }

  @Test
  void aBackendNodeIsReadyOnlyWhileItsBackendAcceptsConnections() throws Exception {
    int backendPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of("rtmpt.bridge", "backend", "rtmpt.backend", "127.0.0.1:" + backendPort));
    BackendProbe probe = webapp.gateway().upstream().backendProbe().orElseThrow();
    Await.until(
        "the first backend check", Duration.ofSeconds(10), () -> probe.health().checkedAt() > 0);
    assertPlain(get("/readyz"), 503, "not ready: backend unreachable\n");
    assertPlain(get("/healthz"), 200, "ok\n");
    assertTrue(
        !get("/readyz").body().contains(String.valueOf(backendPort)), "no address is revealed");

    try (ServerSocket backend =
        new ServerSocket(backendPort, 1, InetAddress.getByName("127.0.0.1"))) {
      assertTrue(probe.check().reachable());
      assertPlain(get("/readyz"), 200, "ready\n");
      webapp.gateway().drain().begin("test");
      assertPlain(get("/readyz"), 503, "not ready: draining\n");
    }
  }
}
