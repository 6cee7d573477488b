package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backend mode: the console shows the backend's health (a TCP connect check) and warns when it is
 * unreachable; tunnels are listed and counted in bytes, streams are not (they live in the backend).
 */
class AdminBackendModeIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = AdminWebapp.client();

  private static JsonNode get(AdminWebapp webapp, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(webapp.authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /**
   * The tunnel's connection to the backend, skipping health checks: those close at once without
   * sending a byte, while the tunnel's connection stays open.
   */
  private static Socket acceptTunnel(ServerSocket backend) throws Exception {
    while (true) {
      Socket socket = backend.accept();
      socket.setSoTimeout(300);
      try {
        if (socket.getInputStream().read() == -1) {
          socket.close(); // a health check: connected, sent nothing, closed
          continue;
        }
        throw new AssertionError("the tunnel sent data before the client did");
      } catch (java.net.SocketTimeoutException stillOpen) {
        socket.setSoTimeout(10_000);
        return socket;
      }
    }
  }

  @Test
  void unreachableBackendIsAnError() throws Exception {
    int closedPort = Ports.freePort();
    try (AdminWebapp webapp =
        AdminWebapp.start(
            Map.of("rtmpt.bridge", "backend", "rtmpt.backend", "127.0.0.1:" + closedPort))) {
      Await.until(
          "the first backend check",
          Duration.ofSeconds(10),
          () -> get(webapp, "/admin/api/overview").get("backend").get("checkedAt").asLong() > 0);
      JsonNode overview = get(webapp, "/admin/api/overview");
      assertEquals("backend", overview.get("bridge").asText());
      JsonNode backend = overview.get("backend");
      assertEquals("127.0.0.1:" + closedPort, backend.get("address").asText());
      assertEquals(false, backend.get("reachable").asBoolean());
      assertTrue(backend.get("error").asText().length() > 0);
      JsonNode warning = overview.get("warnings").get(0);
      assertEquals("error", warning.get("level").asText());
      assertEquals("backend-unreachable", warning.get("code").asText());
      assertTrue(overview.get("rtmpListener").isNull());
      HttpResponse<String> metrics =
          HTTP.send(
              webapp.authorized("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(
          0,
          Scrape.parse(metrics.body())
              .value("rtmpt_backend_up", "backend", "127.0.0.1:" + closedPort));
    }
  }

  @Test
  void reachableBackendTunnelsAreListedAndCountedWithoutStreams() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AdminWebapp webapp =
            AdminWebapp.start(
                Map.of(
                    "rtmpt.bridge",
                    "backend",
                    "rtmpt.backend",
                    "127.0.0.1:" + backend.getLocalPort()))) {
      Await.until(
          "the backend is found reachable",
          Duration.ofSeconds(10),
          () -> get(webapp, "/admin/api/overview").get("backend").get("reachable").asBoolean());
      HttpResponse<String> open =
          HTTP.send(
              HttpRequest.newBuilder(webapp.uri("/open/1"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, open.statusCode());
      String id = open.body().trim();
      try (Socket tunnelled = acceptTunnel(backend)) {
        byte[] c0c1 = new byte[1537];
        HttpResponse<String> send =
            HTTP.send(
                HttpRequest.newBuilder(webapp.uri("/send/" + id + "/0"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c0c1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, send.statusCode());
        assertEquals(1537, tunnelled.getInputStream().readNBytes(1537).length);
        JsonNode session = get(webapp, "/admin/api/sessions/t-" + id);
        assertEquals("rtmpt", session.get("transport").asText());
        assertEquals(1537, session.get("bytesIn").asLong());
        assertTrue(session.get("engineSessionId").isNull(), "no engine session in backend mode");
        JsonNode overview = get(webapp, "/admin/api/overview");
        assertEquals(1, overview.get("sessionsByTransport").get("rtmpt").asInt());
        assertEquals(1537, overview.get("totals").get("bytesIn").asLong());
        assertEquals(0, overview.get("warnings").size(), overview.get("warnings").toString());
        assertTrue(get(webapp, "/admin/api/streams").isEmpty());
        HttpResponse<String> metrics =
            HTTP.send(
                webapp.authorized("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
        Scrape s = Scrape.parse(metrics.body());
        assertEquals(1, s.value("rtmpt_sessions", "transport", "rtmpt"));
        assertEquals(1537, s.value("rtmpt_tunnel_bytes_total", "direction", "in"));
        assertEquals(
            1, s.value("rtmpt_backend_up", "backend", "127.0.0.1:" + backend.getLocalPort()));
      }
    }
  }
}
