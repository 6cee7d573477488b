package io.rtmpt.webapp.bridge;

import static io.rtmpt.webapp.bridge.BridgeFixtures.RECORD_SECONDS;
import static io.rtmpt.webapp.bridge.BridgeFixtures.assertTestStream;
import static io.rtmpt.webapp.bridge.BridgeFixtures.awaitFrames;
import static io.rtmpt.webapp.bridge.BridgeFixtures.backendSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Gstreamer;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.admin.SessionRow;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.NginxRtmp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RTMPTE through the backend bridge to a private nginx-rtmp, which has no RTMPE: the gateway
 * terminates the encryption ({@code rtmpt.backend-rtmpe=terminate}, the default). rtmpdump
 * (librtmp) plays over {@code rtmpte://} what ffmpeg publishes straight to nginx, GStreamer's
 * rtmpsink (librtmp too) publishes over {@code rtmpte://} what ffmpeg plays straight from nginx,
 * and the console lists the tunnels as rtmpte. Logs and recordings under
 * target/interop/BackendRtmpteInteropTest/.
 */
class BackendRtmpteInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "BackendRtmpteInteropTest");

  private static NginxRtmp nginx;
  private static EmbeddedWebapp webapp;
  private static ExternalProcess directPublisher;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("rtmpdump");
    Files.createDirectories(LOGS);
    nginx = NginxRtmp.start(LOGS.resolve("nginx"));
    webapp = EmbeddedWebapp.start(backendSettings(nginx));
    directPublisher =
        ExternalProcess.start(
            "publish-rtmp", LOGS, Ffmpeg.publish(nginx.rtmpUrl("live", "direct"), 0));
    awaitFrames(directPublisher, 2 * Ffmpeg.FPS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (directPublisher != null) {
      directPublisher.stop(Duration.ofSeconds(3));
    }
    if (webapp != null) {
      webapp.close();
    }
    if (nginx != null) {
      nginx.stop();
    }
  }

  private static String rtmpteUrl(String stream) {
    return webapp.rtmptUrl("live", stream).replaceFirst("^rtmpt:", "rtmpte:");
  }

  @Test
  void rtmpdumpPlaysOverRtmpteFromNginxThroughTheTermination() throws Exception {
    Path flv = LOGS.resolve("rtmpdump-rtmpte.flv");
    Files.deleteIfExists(flv);
    long before = rtmpeHandshakes();
    try (ExternalProcess dump =
        ExternalProcess.start("rtmpdump-rtmpte", LOGS, Ffmpeg.rtmpdump(rtmpteUrl("direct"), flv))) {
      Await.until(
          "the console lists an rtmpte tunnel",
          Duration.ofSeconds(20),
          () -> variants().contains("rtmpte"),
          dump::isAlive,
          dump::tail);
      SessionRow row =
          webapp.gateway().admin().service().snapshot().sessions().stream()
              .filter(s -> s.variant().equals("rtmpte"))
              .findFirst()
              .orElseThrow();
      assertEquals("rtmpt", row.transport());
      assertEquals("rtmpe", row.handshake(), "librtmp's rtmpte sends c0 = 6");
      assertTrue(webapp.backend().rtmpeTerminated(row.tunnelId()), row.toString());
      Await.until(
          "rtmpdump has recorded " + RECORD_SECONDS + " s",
          Duration.ofSeconds(40),
          () -> Files.exists(flv) && Files.size(flv) > 40_000L * RECORD_SECONDS,
          dump::isAlive,
          dump::tail);
      dump.close(); // SIGKILL: librtmp in its idle loop ignores SIGTERM (rtmpt-protocol.md 2.3)
    }
    assertTestStream("rtmpdump over rtmpte", flv, LOGS);
    assertEquals(before + 1, rtmpeHandshakes(), "rtmpdump's handshake counted");
  }

  private static long rtmpeHandshakes() {
    return webapp.backend().handshakes().get(Transport.RTMPT, HandshakeType.RTMPE, true);
  }

  @Test
  void gstreamerPublishesOverRtmpteToNginxAndFfmpegPlaysItStraightFromNginx() throws Exception {
    try (ExternalProcess gst =
        ExternalProcess.start(
            "gst-rtmpte-publish",
            LOGS,
            Gstreamer.publish(rtmpteUrl("from-rtmpte")),
            Map.of("GST_DEBUG", "rtmp:5"))) {
      Path flv = LOGS.resolve("ffmpeg-rtmp-from-rtmpte.flv");
      Await.until(
          "ffmpeg records what rtmpsink publishes through the termination",
          Duration.ofSeconds(60),
          () -> {
            try (ExternalProcess player =
                ExternalProcess.start(
                    "ffmpeg-rtmp-play",
                    LOGS,
                    Ffmpeg.record(nginx.rtmpUrl("live", "from-rtmpte"), RECORD_SECONDS, flv))) {
              return player.waitFor(Duration.ofSeconds(40)) == 0;
            }
          },
          gst::isAlive,
          gst::tail);
      assertTrue(gst.isAlive(), "gst-launch still publishing:\n" + gst.tail());
      gst.close();
      assertTestStream("ffmpeg from nginx, published over rtmpte", flv, LOGS);
      String librtmp = gst.stderr();
      assertTrue(librtmp.contains("HandShake: Type Answer   : 06"), "an rtmpe handshake");
      assertTrue(librtmp.contains("Genuine Adobe Flash Media Server"), "s2 accepted");
    }
  }

  private static List<String> variants() {
    return webapp.gateway().admin().service().snapshot().sessions().stream()
        .map(SessionRow::variant)
        .toList();
  }
}
