package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients through the tunnel servlets to the in-process engine, which also serves native RTMP:
 * what is published over one transport plays over the other.
 */
class EngineBridgeInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "EngineBridgeInteropTest");
  private static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private static EmbeddedWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Files.createDirectories(LOGS);
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of("rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  @Test
  void publishedOverRtmptPlaysOverRtmptAndRtmpWithFfmpegAndRtmpdump() throws Exception {
    String stream = "tunnelled";
    try (ExternalProcess publisher =
        ExternalProcess.start(
            "publish-rtmpt", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", stream), 0))) {
      awaitLive(stream, publisher);
      Path viaTunnel = LOGS.resolve("ffmpeg-rtmpt.flv");
      Path viaRtmp = LOGS.resolve("ffmpeg-rtmp.flv");
      Path dumpTunnel = LOGS.resolve("rtmpdump-rtmpt.flv");
      Path dumpRtmp = LOGS.resolve("rtmpdump-rtmp.flv");
      try (ExternalProcess p1 =
              ExternalProcess.start(
                  "ffmpeg-play-rtmpt",
                  LOGS,
                  Ffmpeg.record(webapp.rtmptUrl("live", stream), 5, viaTunnel));
          ExternalProcess p2 =
              ExternalProcess.start(
                  "ffmpeg-play-rtmp", LOGS, Ffmpeg.record(rtmpUrl(stream), 5, viaRtmp));
          ExternalProcess d1 =
              ExternalProcess.start(
                  "rtmpdump-rtmpt",
                  LOGS,
                  Ffmpeg.rtmpdump(webapp.rtmptUrl("live", stream), dumpTunnel));
          ExternalProcess d2 =
              ExternalProcess.start(
                  "rtmpdump-rtmp", LOGS, Ffmpeg.rtmpdump(rtmpUrl(stream), dumpRtmp))) {
        assertEquals(0, p1.waitFor(Duration.ofSeconds(40)), p1.tail());
        assertEquals(0, p2.waitFor(Duration.ofSeconds(40)), p2.tail());
        assertTrue(d1.isAlive(), "rtmpdump over rtmpt still playing:\n" + d1.tail());
        assertTrue(d2.isAlive(), "rtmpdump over rtmp still playing:\n" + d2.tail());
      }
      assertPlayable(Ffmpeg.probe(viaTunnel, LOGS), MIN_FRAMES_IN_5S, "ffmpeg over rtmpt");
      assertPlayable(Ffmpeg.probe(viaRtmp, LOGS), MIN_FRAMES_IN_5S, "ffmpeg over rtmp");
      assertPlayable(Ffmpeg.probe(dumpTunnel, LOGS), 2 * Ffmpeg.FPS, "rtmpdump over rtmpt");
      assertPlayable(Ffmpeg.probe(dumpRtmp, LOGS), 2 * Ffmpeg.FPS, "rtmpdump over rtmp");
    }
  }

  @Test
  void publishedOverRtmpPlaysOverRtmpt() throws Exception {
    String stream = "native";
    try (ExternalProcess publisher =
        ExternalProcess.start("publish-rtmp", LOGS, Ffmpeg.publish(rtmpUrl(stream), 0))) {
      awaitLive(stream, publisher);
      Path recording = LOGS.resolve("ffmpeg-rtmpt-from-rtmp.flv");
      try (ExternalProcess player =
          ExternalProcess.start(
              "ffmpeg-play-rtmpt-from-rtmp",
              LOGS,
              Ffmpeg.record(webapp.rtmptUrl("live", stream), 5, recording))) {
        assertEquals(0, player.waitFor(Duration.ofSeconds(40)), player.tail());
      }
      assertPlayable(Ffmpeg.probe(recording, LOGS), MIN_FRAMES_IN_5S, "ffmpeg over rtmpt");
    }
  }

  /** Issue requirement: rtmpdump waiting on an idle stream makes at most 50 requests/s. */
  @Test
  void rtmpdumpPollingAnIdleStreamMakesAtMost50RequestsPerSecond() throws Exception {
    Interop.requireTool("rtmpdump");
    try (ExternalProcess dump =
        ExternalProcess.start(
            "rtmpdump-idle",
            LOGS,
            Ffmpeg.rtmpdump(
                webapp.rtmptUrl("live", "nobody-publishes"), LOGS.resolve("idle.flv")))) {
      RtmptSessionInfo first = awaitTunnel("Shockwave Flash", dump);
      // let the connect / createStream / play exchange finish, then measure 5 s of waiting
      Thread.sleep(1000);
      RtmptSessionInfo start = tunnel(first.id()).orElseThrow();
      long t0 = System.nanoTime();
      Thread.sleep(5000);
      RtmptSessionInfo end = tunnel(first.id()).orElseThrow();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = (end.requests() - start.requests()) / seconds;
      assertTrue(dump.isAlive(), "rtmpdump still waiting:\n" + dump.tail());
      assertTrue(rate <= 50, "rtmpdump made " + rate + " requests/s");
      assertTrue(rate >= 1, "rtmpdump kept polling (" + rate + " requests/s)");
    }
  }

  /** Garbage in one tunnel ends that tunnel only; a player on another tunnel keeps playing. */
  @Test
  void garbageInOneTunnelEndsItWhileAnotherTunnelKeepsPlaying() throws Exception {
    String stream = "isolation";
    try (ExternalProcess publisher =
        ExternalProcess.start(
            "publish-isolation", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", stream), 0))) {
      awaitLive(stream, publisher);
      try (ExternalProcess player =
          ExternalProcess.start(
              "ffmpeg-play-isolation", LOGS, Ffmpeg.decode(webapp.rtmptUrl("live", stream), 6))) {
        HttpClient http = HttpClient.newHttpClient();
        String id = post(http, "/open/1", new byte[] {0}).body().trim();
        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        assertEquals(200, post(http, "/send/" + id + "/0", c0c1).statusCode());
        byte[] c2AndGarbage = new byte[1536 + 64];
        java.util.Arrays.fill(c2AndGarbage, 1536, c2AndGarbage.length, (byte) 0xC3);
        c2AndGarbage[1536] = 0x03; // a type 0 header with an absurd message length
        for (int i = 1537; i < 1544; i++) {
          c2AndGarbage[i] = (byte) 0xFF;
        }
        int status = post(http, "/send/" + id + "/1", c2AndGarbage).statusCode();
        int next = post(http, "/idle/" + id + "/2", new byte[] {0}).statusCode();
        assertTrue(
            status == 404 || next == 404, "the broken tunnel is gone: " + status + ", " + next);
        assertEquals(404, post(http, "/idle/" + id + "/3", new byte[] {0}).statusCode());

        assertEquals(0, player.waitFor(Duration.ofSeconds(40)), player.tail());
        String log = player.stderr();
        assertEquals(List.of(), Ffmpeg.decodeErrors(log));
        assertTrue(Ffmpeg.lastFrameCount(log) >= MIN_FRAMES_IN_5S, player.tail());
      }
    }
  }

  private static HttpResponse<String> post(HttpClient http, String path, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(webapp.httpBase() + path))
            .header("Content-Type", "application/x-fcs")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static void assertPlayable(Probe probe, int minFrames, String what) {
    assertEquals("h264", probe.videoCodec(), what);
    assertEquals(Ffmpeg.WIDTH, probe.width(), what);
    assertEquals(Ffmpeg.HEIGHT, probe.height(), what);
    assertEquals("aac", probe.audioCodec(), what);
    assertTrue(
        probe.videoFrames() >= minFrames,
        what + ": " + probe.videoFrames() + " frames, want >= " + minFrames);
  }

  private static void awaitLive(String stream, ExternalProcess publisher) throws Exception {
    StreamKey key = new StreamKey("live", stream);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      LiveStream live = webapp.engine().streams().get(key);
      if (live != null && live.snapshot().publishing() && live.snapshot().frames() > 60) {
        return;
      }
      if (!publisher.isAlive()) {
        throw new AssertionError("publisher exited:\n" + publisher.tail());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(key + " not live after 20 s:\n" + publisher.tail());
  }

  private static RtmptSessionInfo awaitTunnel(String userAgent, ExternalProcess client)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (RtmptSessionInfo s : webapp.registry().sessions()) {
        if (userAgent.equals(s.userAgent())) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no tunnel from " + userAgent + ":\n" + client.tail());
  }

  private static Optional<RtmptSessionInfo> tunnel(String id) {
    Optional<RtmptSessionInfo> s = webapp.registry().session(id);
    assertNotNull(s);
    return s;
  }
}
