package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON API and the console WebSocket against the whole web application, with real RTMP clients
 * (the engine's test client over native RTMP) and a real RTMPT tunnel.
 */
class AdminApiIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminWebapp webapp;
  private int rtmpPort;
  private HttpClient browser;
  private String csrfToken;

  @BeforeEach
  void start() throws Exception {
    rtmpPort = Ports.freePort();
    webapp =
        AdminWebapp.start(
            Map.of(
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort),
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.idle-hold-ms",
                "300"));
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        browser.send(webapp.authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String path) throws Exception {
    if (csrfToken == null) {
      csrfToken = get("/admin/api/csrf").get("token").asText();
    }
    return browser.send(
        webapp
            .authorized(path)
            .header("X-CSRF-Token", csrfToken)
            .header("Origin", webapp.httpBase())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A native RTMP client publishing live/NAME with H.264 + AAC headers and 640x360 metadata. */
  private RtmpScript<SocketLink> publish(String name) throws Exception {
    RtmpScript<SocketLink> client = RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort));
    client.connectApp("live");
    int stream = client.createStream();
    client.publish(stream, name);
    client.send(
        new DataMessage(
            List.of(
                "@setDataFrame",
                "onMetaData",
                AmfEcmaArray.of("width", 640.0, "height", 360.0, "framerate", 30.0)),
            false),
        4,
        stream,
        0);
    client.send(new VideoData(new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F}), 6, stream, 0);
    client.send(new AudioData(new byte[] {(byte) 0xAF, 0, 0x12, 0x10}), 4, stream, 0);
    client.send(new VideoData(new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 1, 0x65}), 6, stream, 40);
    return client;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.path(field).asText().equals(value)) {
        return node;
      }
    }
    return null;
  }

  @Test
  void overviewConfigAndHistoryDescribeTheGateway() throws Exception {
    JsonNode overview = get("/admin/api/overview");
    assertEquals("engine", overview.get("bridge").asText());
    assertEquals("127.0.0.1:" + rtmpPort, overview.get("rtmpListener").asText());
    assertTrue(overview.get("backend").isNull());
    assertEquals(
        List.of("rtmp", "rtmps", "rtmpt", "rtmpts"),
        list(overview.get("sessionsByTransport").fieldNames()));
    assertEquals(0, overview.get("sessions").asInt());
    assertTrue(overview.get("uptimeSeconds").asLong() >= 0);
    assertTrue(
        overview.get("server").asText().toLowerCase().contains("jetty"),
        overview.get("server").asText());
    // The default is open: the one warning says that anyone may publish (issue 10).
    assertEquals(1, overview.get("warnings").size(), overview.get("warnings").toString());
    assertEquals("open-publish", overview.get("warnings").get(0).get("code").asText());
    assertEquals("warning", overview.get("warnings").get(0).get("level").asText());
    assertTrue(overview.get("totals").has("bytesIn"));

    JsonNode config = get("/admin/api/config");
    JsonNode hold = find(config, "name", "rtmpt.idle-hold-ms");
    assertEquals("300", hold.get("value").asText());
    assertEquals("servlet context init parameter rtmpt.idle-hold-ms", hold.get("source").asText());
    JsonNode maxSessions = find(config, "name", "rtmpt.max-sessions");
    assertEquals("1000", maxSessions.get("value").asText());
    assertEquals("built-in default", maxSessions.get("source").asText());
    assertEquals("false", find(config, "name", "rtmpt.metrics-public").get("value").asText());

    Await.until(
        "a chart sample is taken at start",
        Duration.ofSeconds(5),
        () -> get("/admin/api/history").size() >= 1);
    JsonNode sample = get("/admin/api/history").get(0);
    for (String field :
        List.of(
            "t",
            "bitsPerSecondIn",
            "bitsPerSecondOut",
            "rtmp",
            "rtmps",
            "rtmpt",
            "rtmpts",
            "streams")) {
      assertTrue(sample.has(field), field + " in " + sample);
    }
  }

  @Test
  void aPublishShowsAsStreamAndSessionAndStopEndsIt() throws Exception {
    try (RtmpScript<SocketLink> publisher = publish("api")) {
      Await.until(
          "the stream has its codecs",
          Duration.ofSeconds(10),
          () -> {
            JsonNode s = find(get("/admin/api/streams"), "id", "live/api");
            return s != null && s.get("audioCodec").asText().equals("aac");
          });
      JsonNode stream = get("/admin/api/streams/live/api");
      assertEquals("live", stream.get("app").asText());
      assertEquals("api", stream.get("name").asText());
      assertEquals("h264", stream.get("videoCodec").asText());
      assertEquals(640, stream.get("width").asInt());
      assertEquals(360, stream.get("height").asInt());
      assertEquals(30.0, stream.get("frameRate").asDouble());
      assertEquals(0, stream.get("players").asInt());
      assertTrue(stream.get("publisher").asText().startsWith("rtmp 127.0.0.1:"));
      String sessionId = stream.get("publisherSessionId").asText();
      assertTrue(sessionId.startsWith("e-"), sessionId);

      JsonNode session = get("/admin/api/sessions/" + sessionId);
      assertEquals("direct", session.get("kind").asText());
      assertEquals("rtmp", session.get("transport").asText());
      assertEquals("live", session.get("app").asText());
      assertEquals("live/api", session.get("publishing").get(0).asText());
      assertEquals("connected", session.get("state").asText());
      assertTrue(session.get("flashVer").asText().contains("RtmpScript"));
      assertTrue(session.get("requestsPerSecond").isNull(), "no HTTP requests for RTMP");
      assertTrue(session.get("bytesIn").asLong() > 1536);
      JsonNode overview = get("/admin/api/overview");
      assertEquals(1, overview.get("sessionsByTransport").get("rtmp").asInt());
      assertEquals(1, overview.get("streams").asInt());

      HttpResponse<String> stop = post("/admin/api/streams/live/api/stop");
      assertEquals(200, stop.statusCode(), stop.body());
      assertEquals("live/api", JSON.readTree(stop.body()).get("stopped").asText());
      assertTrue(publisher.awaitClosed(Duration.ofSeconds(10)), "the publisher is disconnected");
      Await.until(
          "the stream is gone", Duration.ofSeconds(10), () -> get("/admin/api/streams").isEmpty());
      HttpResponse<String> again = post("/admin/api/streams/live/api/stop");
      assertEquals(404, again.statusCode(), again.body());
    }
  }

  @Test
  void disconnectClosesADirectSessionAndATunnel() throws Exception {
    try (RtmpScript<SocketLink> publisher = publish("kick")) {
      Await.until(
          "the session is listed",
          Duration.ofSeconds(10),
          () -> get("/admin/api/sessions").size() == 1);
      String id = get("/admin/api/sessions").get(0).get("id").asText();
      HttpResponse<String> kicked = post("/admin/api/sessions/" + id + "/disconnect");
      assertEquals(200, kicked.statusCode(), kicked.body());
      assertEquals(id, JSON.readTree(kicked.body()).get("disconnected").asText());
      assertTrue(publisher.awaitClosed(Duration.ofSeconds(10)));
      Await.until(
          "the session is gone",
          Duration.ofSeconds(10),
          () -> get("/admin/api/sessions").isEmpty());
    }

    HttpResponse<String> open =
        browser.send(
            HttpRequest.newBuilder(webapp.uri("/open/1"))
                .header("User-Agent", "admin-api-test/1.0")
                .header("Content-Type", "application/x-fcs")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    assertEquals(200, open.statusCode());
    String tunnelId = open.body().trim();
    JsonNode tunnel = get("/admin/api/sessions/t-" + tunnelId);
    assertEquals("tunnel", tunnel.get("kind").asText());
    assertEquals("rtmpt", tunnel.get("transport").asText());
    assertEquals("admin-api-test/1.0", tunnel.get("userAgent").asText());
    assertEquals(tunnelId, tunnel.get("tunnelId").asText());
    assertTrue(tunnel.get("engineSessionId").isNumber(), "linked to its engine session");
    assertEquals("handshaking", tunnel.get("state").asText());
    assertEquals("waiting", tunnel.get("tunnelState").asText());
    assertEquals(0, tunnel.get("requests").asLong(), "/open/1 is not a request of the session");
    assertEquals(1, get("/admin/api/sessions").size(), "one row: tunnel and engine session merged");

    HttpResponse<String> kicked = post("/admin/api/sessions/t-" + tunnelId + "/disconnect");
    assertEquals(200, kicked.statusCode(), kicked.body());
    assertTrue(webapp.registry().session(tunnelId).isEmpty(), "the tunnel is closed");
    Await.until(
        "its engine session is closed too",
        Duration.ofSeconds(5),
        () -> webapp.engine().sessionCount() == 0);
    HttpResponse<String> gone = post("/admin/api/sessions/t-" + tunnelId + "/disconnect");
    assertEquals(404, gone.statusCode());
  }

  @Test
  void unknownPathsAndWrongMethodsGetJsonErrors() throws Exception {
    HttpResponse<String> missing =
        browser.send(
            webapp.authorized("/admin/api/nothing").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
    assertEquals("not-found", JSON.readTree(missing.body()).get("error").asText());
    HttpResponse<String> noSession =
        browser.send(
            webapp.authorized("/admin/api/sessions/e-77").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, noSession.statusCode());
    HttpResponse<String> getAction =
        browser.send(
            webapp.authorized("/admin/api/sessions/e-1/disconnect").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, getAction.statusCode());
    assertEquals("POST", getAction.headers().firstValue("Allow").orElse(null));
  }

  @Test
  void theWebSocketSendsEverythingOnConnectThenPushesChanges() throws Exception {
    AdminSecurityIntegrationTest.RecordingListener listener =
        new AdminSecurityIntegrationTest.RecordingListener();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", AdminWebapp.basic(AdminWebapp.USER, AdminWebapp.PASSWORD))
            .buildAsync(URI.create("ws://127.0.0.1:" + webapp.port() + "/admin/ws"), listener)
            .get(10, TimeUnit.SECONDS);
    try {
      Await.until("the hello message", Duration.ofSeconds(5), () -> !listener.messages.isEmpty());
      JsonNode hello = JSON.readTree(listener.messages.get(0));
      assertEquals("hello", hello.get("type").asText());
      assertEquals(2000, hello.get("samplePeriodMillis").asLong());
      assertEquals(300, hello.get("historySamples").asInt());
      assertTrue(hello.get("history").isArray());
      assertTrue(hello.get("sessions").isEmpty());
      assertEquals("engine", hello.get("overview").get("bridge").asText());

      int seen = listener.messages.size();
      try (RtmpScript<SocketLink> ignored = publish("ws")) {
        Await.until(
            "an update with the new stream",
            Duration.ofSeconds(5),
            () -> {
              for (String m : listener.messages.subList(seen, listener.messages.size())) {
                JsonNode update = JSON.readTree(m);
                if (update.get("type").asText().equals("update")
                    && find(update.get("streams"), "id", "live/ws") != null) {
                  return true;
                }
              }
              return false;
            });
        JsonNode last = JSON.readTree(listener.messages.get(listener.messages.size() - 1));
        assertTrue(last.get("samples").isArray());
      }
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  private static <T> List<T> list(java.util.Iterator<T> iterator) {
    List<T> out = new java.util.ArrayList<>();
    iterator.forEachRemaining(out::add);
    return out;
  }
}
