package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Ports;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} while ffmpeg publishes over native RTMP and another ffmpeg plays over RTMPT: the
 * byte, session, publish/play and tunnel request counters move, by transport; errors are counted
 * where they happen.
 */
class AdminMetricsIntegrationTest {
  private static final Path LOGS = Path.of("target", "interop", "AdminMetricsIntegrationTest");
  private static final HttpClient HTTP = AdminWebapp.client();

  private AdminWebapp webapp;
  private int rtmpPort;

  @BeforeEach
  void start() throws Exception {
    rtmpPort = Ports.freePort();
    webapp =
        AdminWebapp.start(
            Map.of("rtmpt.rtmp-port", String.valueOf(rtmpPort), "rtmpt.rtmp-host", "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private Scrape scrape() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            webapp.authorized("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        r.headers().map().toString());
    return Scrape.parse(r.body());
  }

  @Test
  void countersMoveWhileFfmpegPublishesOverRtmpAndPlaysOverRtmpt() throws Exception {
    Scrape before = scrape();
    assertEquals(0, before.value("rtmpt_bytes_total", "transport", "rtmp", "direction", "in"));
    assertEquals(0, before.value("rtmpt_sessions", "transport", "rtmp"));
    assertEquals(0, before.value("rtmpt_tunnel_requests_total", "command", "open"));

    String rtmpUrl = "rtmp://127.0.0.1:" + rtmpPort + "/live/metrics";
    try (ExternalProcess publisher =
        ExternalProcess.start("publisher", LOGS, Ffmpeg.publish(rtmpUrl, 0))) {
      Await.until(
          "ffmpeg publishes live/metrics; " + publisher.tail(),
          Duration.ofSeconds(20),
          () ->
              webapp.engine().streams().snapshots().stream()
                  .anyMatch(s -> s.name().equals("metrics") && s.publishing() && s.frames() > 0));
      Await.until(
          "the publisher's bytes are counted",
          Duration.ofSeconds(10),
          () ->
              scrape().value("rtmpt_bytes_total", "transport", "rtmp", "direction", "in") > 10_000);
      Scrape publishing = scrape();
      assertEquals(1, publishing.value("rtmpt_sessions", "transport", "rtmp"));
      assertEquals(1, publishing.value("rtmpt_sessions_opened_total", "transport", "rtmp"));
      assertEquals(1, publishing.value("rtmpt_publishes_total", "transport", "rtmp"));
      assertEquals(1, publishing.value("rtmpt_streams"));
      double rtmpIn = publishing.value("rtmpt_bytes_total", "transport", "rtmp", "direction", "in");

      try (ExternalProcess player =
          ExternalProcess.start(
              "player", LOGS, Ffmpeg.decode(webapp.rtmptUrl("live", "metrics"), 4))) {
        Await.until(
            "the RTMPT player's tunnel is counted",
            Duration.ofSeconds(15),
            () -> scrape().value("rtmpt_sessions", "transport", "rtmpt") == 1);
        Await.until(
            "the RTMPT player receives media",
            Duration.ofSeconds(15),
            () ->
                scrape().value("rtmpt_bytes_total", "transport", "rtmpt", "direction", "out")
                    > 50_000);
        Scrape playing = scrape();
        assertTrue(
            playing.value("rtmpt_bytes_total", "transport", "rtmp", "direction", "in") > rtmpIn,
            "publisher bytes keep coming");
        assertEquals(1, playing.value("rtmpt_plays_total", "transport", "rtmpt"));
        assertEquals(1, playing.value("rtmpt_tunnel_sessions_opened_total"));
        assertEquals(1, playing.value("rtmpt_tunnel_requests_total", "command", "open"));
        assertTrue(
            playing.value("rtmpt_tunnel_requests_total", "command", "idle") > 0, playing.text());
        assertTrue(playing.value("rtmpt_tunnel_requests_total", "command", "send") > 0);
        assertTrue(playing.value("rtmpt_tunnel_bytes_total", "direction", "out") > 50_000);
        assertTrue(
            playing.value("rtmpt_tunnel_bytes_total", "direction", "in") > 1536,
            "at least the handshake went through the tunnel");
        assertEquals(0, player.waitFor(Duration.ofSeconds(30)), player.tail());
      }
      Await.until(
          "the player's tunnel is gone",
          Duration.ofSeconds(20),
          () -> scrape().value("rtmpt_sessions", "transport", "rtmpt") == 0);
      publisher.stop(Duration.ofSeconds(3));
    }
    Await.until(
        "the publisher's session is gone",
        Duration.ofSeconds(10),
        () -> scrape().value("rtmpt_sessions", "transport", "rtmp") == 0);
    Scrape after = scrape();
    assertEquals(0, after.value("rtmpt_streams"));
    assertEquals(1, after.value("rtmpt_tunnel_sessions_opened_total"));
    double closed = 0;
    for (String reason :
        new String[] {"client_close", "session_timeout", "peer_closed", "peer_failed"}) {
      closed += after.value("rtmpt_tunnel_sessions_closed_total", "reason", reason);
    }
    assertEquals(1, closed, "the tunnel's end is counted once");
  }

  @Test
  void errorsAreCountedByTransportAndKind() throws Exception {
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(webapp.uri("/open/1")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    try (RtmpScript<SocketLink> client =
        RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort))) {
      // a type 0 chunk header announcing a 16 MiB - 1 message: over the engine's limit
      client.sendBytes(
          new byte[] {0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x14, 0, 0, 0, 0});
      assertTrue(client.awaitClosed(Duration.ofSeconds(10)), "the engine closes the connection");
    }
    Await.until(
        "the protocol error is counted",
        Duration.ofSeconds(10),
        () -> scrape().value("rtmpt_errors_total", "transport", "rtmp", "kind", "protocol") == 1);
    Scrape s = scrape();
    assertEquals(
        1, s.value("rtmpt_tunnel_errors_total", "kind", "method_not_allowed", "status", "405"));
    assertEquals(0, s.value("rtmpt_errors_total", "transport", "rtmpt", "kind", "protocol"));
    assertEquals(0, s.value("rtmpt_errors_total", "transport", "rtmp", "kind", "rejected"));
  }

  @Test
  void aProtocolErrorInATunnelIsTheClientsFaultNotAPeerFailure() throws Exception {
    String id = post("/open/1", new byte[] {0}).trim();
    byte[] c0c1 = new byte[1537];
    c0c1[0] = 3;
    post("/send/" + id + "/0", c0c1);
    // C2, then a type 0 chunk header announcing a 16 MiB - 1 message: over the engine's limit
    byte[] c2AndBadChunk = new byte[1536 + 12];
    System.arraycopy(
        new byte[] {0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x14, 0, 0, 0, 0},
        0,
        c2AndBadChunk,
        1536,
        12);
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(webapp.uri("/send/" + id + "/1"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c2AndBadChunk))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(404, refused.statusCode(), "the tunnel is closed");
    Scrape s = scrape();
    assertEquals(1, s.value("rtmpt_errors_total", "transport", "rtmpt", "kind", "protocol"));
    assertEquals(1, s.value("rtmpt_tunnel_sessions_closed_total", "reason", "protocol_error"));
    assertEquals(0, s.value("rtmpt_tunnel_sessions_closed_total", "reason", "peer_failed"));
    assertEquals(
        1, s.value("rtmpt_tunnel_errors_total", "kind", "protocol_error", "status", "404"));
    assertEquals(0, s.value("rtmpt_tunnel_errors_total", "kind", "peer_failed", "status", "404"));
  }

  /** POSTs a body and returns the 200 reply's text. */
  private String post(String path, byte[] body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(webapp.uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }
}
