package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import io.rtmpt.webapp.testing.AdminWebapp;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Access control as the operator sees it (issue 10): with publishing behind tokens there is no
 * {@code open-publish} warning; a refused client shows in the overview's totals, in its counts by
 * action and reason, and in {@code rtmpt_access_refused_total}; the effective configuration lists
 * the access settings without the secret.
 */
class AccessConsoleIntegrationTest {
  private static final HttpClient HTTP = AdminWebapp.client();
  private static final String SECRET = "the-console-test-secret";

  private AdminWebapp webapp;

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(webapp.authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void refusalsAreCountedAndShownAndTheSecretIsNot() throws Exception {
    webapp =
        AdminWebapp.start(
            Map.of("rtmpt.access.publish", "token", "rtmpt.access.token-secret", SECRET));
    try (RtmpScript<SessionLink> client = RtmpScript.start(SessionLink.open(webapp.engine()))) {
      client.connectApp("live");
      int stream = client.createStream();
      CommandMessage status = client.publish(stream, "cam");
      assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(status));
    }

    ObjectMapper json = new ObjectMapper();
    JsonNode overview = json.readTree(get("/admin/api/overview"));
    for (JsonNode warning : overview.get("warnings")) {
      assertTrue(!warning.get("code").asText().equals("open-publish"), warning.toString());
    }
    assertEquals(1, overview.get("totals").get("accessRefused").asLong());
    assertEquals(1, overview.get("accessRefused").get("publish/no_token").asLong());

    Scrape metrics = Scrape.parse(get("/metrics"));
    assertEquals(
        1, metrics.value("rtmpt_access_refused_total", "action", "publish", "reason", "no_token"));
    assertEquals(
        0, metrics.value("rtmpt_access_refused_total", "action", "play", "reason", "no_token"));

    String config = get("/admin/api/config");
    assertTrue(!config.contains(SECRET), "the secret is not shown");
    JsonNode entries = json.readTree(config);
    Map<String, String> values = new HashMap<>();
    entries.forEach(e -> values.put(e.get("name").asText(), e.get("value").asText()));
    assertEquals("token", values.get("rtmpt.access.publish"));
    assertEquals("(set)", values.get("rtmpt.access.token-secret"));
    assertEquals("open", values.get("rtmpt.access.play"));
  }
}
