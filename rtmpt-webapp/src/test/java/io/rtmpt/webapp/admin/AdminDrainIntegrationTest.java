package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.webapp.testing.AdminWebapp;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drain as an operator's action, against the whole application with web.xml's security: the
 * API's drain and resume (CSRF-checked like every action), their effect on {@code /readyz} (which
 * answers without credentials), the overview and the metrics.
 */
class AdminDrainIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminWebapp webapp;
  private HttpClient browser;

  @BeforeEach
  void start() throws Exception {
    webapp = AdminWebapp.start(Map.of());
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    webapp.close();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return browser.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(webapp.authorized(path).GET().build());
    assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String csrfToken) throws Exception {
    HttpRequest.Builder request = webapp.authorized(path).POST(HttpRequest.BodyPublishers.noBody());
    if (csrfToken != null) {
      request.header("X-CSRF-Token", csrfToken);
    }
    return send(request.build());
  }

  private int readyzWithoutCredentials() throws Exception {
    return send(HttpRequest.newBuilder(webapp.uri("/readyz")).build()).statusCode();
  }

  @Test
  void theOperatorDrainsAndResumesTheNodeWithTheSessionsToken() throws Exception {
    assertEquals("serving", get("/admin/api/drain").get("state").asText());
    assertEquals(200, readyzWithoutCredentials());
    assertEquals(
        200,
        send(HttpRequest.newBuilder(webapp.uri("/healthz")).build()).statusCode(),
        "no credentials needed");

    assertEquals(403, post("/admin/api/drain", null).statusCode(), "no CSRF token");
    assertEquals("serving", get("/admin/api/drain").get("state").asText());

    String token = get("/admin/api/csrf").get("token").asText();
    HttpResponse<String> drained = post("/admin/api/drain", token);
    assertEquals(200, drained.statusCode(), drained.body());
    JsonNode status = JSON.readTree(drained.body());
    assertEquals("drained", status.get("state").asText(), "no session to wait for");
    assertTrue(status.get("startedAt").asLong() > 0, drained.body());
    assertEquals(503, readyzWithoutCredentials());
    assertEquals("drained", get("/admin/api/overview").get("drain").get("state").asText());
    String metrics = send(webapp.authorized("/metrics").GET().build()).body();
    assertTrue(metrics.contains("\nrtmpt_draining 1.0\n"), metrics);
    assertEquals(
        405, send(webapp.authorized("/admin/api/resume").GET().build()).statusCode(), "POST only");

    HttpResponse<String> resumed = post("/admin/api/resume", token);
    assertEquals(200, resumed.statusCode(), resumed.body());
    assertEquals("serving", JSON.readTree(resumed.body()).get("state").asText());
    assertEquals(200, readyzWithoutCredentials());

    webapp.gateway().drain().beginShutdown();
    HttpResponse<String> refused = post("/admin/api/resume", token);
    assertEquals(409, refused.statusCode(), refused.body());
    assertEquals("conflict", JSON.readTree(refused.body()).get("error").asText());
  }
}
