package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping a recording through the admin API, and the console's disk warning. */
class AdminRecordingIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path records;
  private AdminWebapp webapp;
  private int rtmpPort;
  private final HttpClient browser =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  private String csrfToken;

  private void start(String minFreeBytes) throws Exception {
    rtmpPort = Ports.freePort();
    webapp =
        AdminWebapp.start(
            Map.of(
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort),
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.record-dir",
                records.toString(),
                "rtmpt.record.min-free-bytes",
                minFreeBytes));
  }

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  @Test
  void anOperatorStartsAndStopsARecordingOfALiveStream() throws Exception {
    start("0");
    try (RtmpScript<SocketLink> publisher = publish("cam")) {
      Await.until(
          "the stream is listed, not recorded",
          Duration.ofSeconds(10),
          () -> get("/admin/api/streams").path(0).path("recording").isBoolean());
      assertEquals(false, get("/admin/api/streams/live/cam").get("recording").asBoolean());

      HttpResponse<String> started = post("/admin/api/streams/live/cam/record");
      assertEquals(200, started.statusCode(), started.body());
      assertEquals("live/cam", JSON.readTree(started.body()).get("recording").asText());
      assertEquals(true, get("/admin/api/streams/live/cam").get("recording").asBoolean());
      assertEquals(409, post("/admin/api/streams/live/cam/record").statusCode());
      send(publisher, 1000);
      Await.until(
          "the file is written",
          Duration.ofSeconds(10),
          () -> !get("/admin/api/recordings").path(0).path("file").isNull());
      JsonNode recording = get("/admin/api/recordings").get(0);
      assertEquals("cam", recording.get("name").asText());

      HttpResponse<String> stopped = post("/admin/api/streams/live/cam/record-stop");
      assertEquals(200, stopped.statusCode(), stopped.body());
      assertEquals(404, post("/admin/api/streams/live/cam/record-stop").statusCode());
      assertEquals(0, get("/admin/api/recordings").size());
      Path file = Path.of(recording.get("file").asText());
      Await.until("the file is closed", Duration.ofSeconds(10), () -> Files.size(file) > 13);
      assertTrue(file.startsWith(records), file.toString());
    }
    assertEquals(404, post("/admin/api/streams/live/gone/record").statusCode());
  }

  @Test
  void aRecordingStoppedForDiskSpaceIsAWarningInTheConsole() throws Exception {
    start(String.valueOf(Long.MAX_VALUE));
    try (RtmpScript<SocketLink> publisher = publish("full")) {
      assertEquals(200, post("/admin/api/streams/live/full/record").statusCode());
      send(publisher, 1000);
      Await.until(
          "the warning shows",
          Duration.ofSeconds(10),
          () -> find(get("/admin/api/overview").get("warnings"), "recording-stopped") != null);
      JsonNode warning = find(get("/admin/api/overview").get("warnings"), "recording-stopped");
      assertNotNull(warning);
      assertEquals("warning", warning.get("level").asText());
      assertTrue(warning.get("message").asText().contains("below the floor"), warning.toString());
      assertEquals(false, get("/admin/api/streams/live/full").get("recording").asBoolean());
    }
    try (Stream<Path> files = Files.list(records)) {
      assertEquals(0, files.count(), "nothing written below the floor");
    }
  }

  private static JsonNode find(JsonNode warnings, String code) {
    for (JsonNode w : warnings) {
      if (w.get("code").asText().equals(code)) {
        return w;
      }
    }
    return null;
  }

  private RtmpScript<SocketLink> publish(String name) throws Exception {
    RtmpScript<SocketLink> client = RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort));
    client.connectApp("live");
    int stream = client.createStream();
    client.publish(stream, name);
    client.send(new VideoData(new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F}), 6, stream, 0);
    client.send(new AudioData(new byte[] {(byte) 0xAF, 0, 0x12, 0x10}), 4, stream, 0);
    return client;
  }

  /** A keyframe and some inter frames at {@code timestamp}, on the stream created first (1). */
  private static void send(RtmpScript<SocketLink> publisher, long timestamp) throws Exception {
    publisher.send(new VideoData(new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 1, 0x65}), 6, 1, timestamp);
    for (int i = 1; i <= 5; i++) {
      publisher.send(
          new VideoData(new byte[] {0x27, 1, 0, 0, 0, 0, 0, 0, 1, 0x41}),
          6,
          1,
          timestamp + 40L * i);
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        browser.send(webapp.authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
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
}
