package io.rtmpt.webapp.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, done-when 1: ffmpeg plays a 64 kbit/s audio-only stream over rtmp:// for 3 minutes
 * without being cut, with the default settings. Such a player acknowledges only once per 2.5 MB
 * (about 5 minutes of this stream), so the old idle timeout, which counted only bytes from the
 * client, cut it after 60 s. A second ffmpeg plays the same over rtmpt:// meanwhile. An integration
 * test because it takes 3 minutes: the IT classes run concurrently.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ThinStreamPlayIT {
  private static final int SECONDS = 180;

  @Test
  void ffmpegPlaysA64kbitAudioOnlyStreamForThreeMinutesWithoutBeingCut() throws Exception {
    Interop.requireTool("ffmpeg");
    Path logs = PackagedWar.freshLogDirectory(ThinStreamPlayIT.class);
    int rtmpPort = Ports.freePort();
    String name = "radio";
    String rtmp = "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
    try (EmbeddedWebapp webapp =
            EmbeddedWebapp.start(
                Map.of(
                    "rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)));
        ExternalProcess publisher =
            ExternalProcess.start("publisher", logs, Streams.publishAudioOnly(rtmp))) {
      RtmpEngine engine = webapp.engine();
      Await.until(
          "live/" + name + " is published",
          Duration.ofSeconds(60),
          () -> {
            LiveStream s = engine.streams().get(new StreamKey("live", name));
            return s != null && s.snapshot().frames() > 100;
          },
          publisher::isAlive,
          publisher::tail);
      try (ExternalProcess overRtmp = ExternalProcess.start("play-rtmp", logs, play(rtmp));
          ExternalProcess overRtmpt =
              ExternalProcess.start("play-rtmpt", logs, play(webapp.rtmptUrl("live", name)))) {
        Await.until(
            "two players of live/" + name,
            Duration.ofSeconds(30),
            () -> engine.streams().get(new StreamKey("live", name)).snapshot().players() == 2);
        List<ServerSession> players =
            engine.sessions().stream()
                .filter(s -> !s.playing().isEmpty())
                .map(s -> engine.session(s.id()))
                .toList();
        long start = System.nanoTime();

        assertEquals(0, overRtmp.waitFor(Duration.ofSeconds(SECONDS + 60)), overRtmp.tail());
        assertEquals(0, overRtmpt.waitFor(Duration.ofSeconds(60)), overRtmpt.tail());
        double rtmpTime = Streams.lastTime(overRtmp.stderr());
        double rtmptTime = Streams.lastTime(overRtmpt.stderr());
        assertTrue(rtmpTime >= SECONDS - 0.5, "over rtmp, played " + rtmpTime + " s");
        assertTrue(rtmptTime >= SECONDS - 0.5, "over rtmpt, played " + rtmptTime + " s");

        StringBuilder figures = new StringBuilder();
        for (ServerSession p : players) {
          SessionInfo info = p.info();
          figures.append(
              String.format(
                  "%s: %d bytes in, %d bytes out, %d pings, closed (%s); ",
                  p.transport().label(),
                  info.bytesIn(),
                  info.bytesOut(),
                  p.pingsSent(),
                  p.closeReason()));
          assertEquals(0, p.pingsSent(), "media flowed to " + p.describe() + ": no ping needed");
          assertTrue(
              p.closeReason() == null
                  || p.closeReason().equals("connection closed by peer")
                  || p.closeReason().equals("tunnel closed"),
              "ended by the player, not the server: " + p.closeReason());
        }
        System.out.printf(
            "thin stream: played %.1f s over rtmp, %.1f s over rtmpt in %d s; %s%n",
            rtmpTime, rtmptTime, (System.nanoTime() - start) / 1_000_000_000, figures);
        assertTrue(publisher.isAlive(), publisher.tail());
      }
    }
  }

  /** ffmpeg decoding {@code url} for {@link #SECONDS} of media, discarding the output. */
  private static List<String> play(String url) {
    return List.of(
        Interop.requireTool("ffmpeg").toString(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "info",
        "-i",
        url,
        "-t",
        String.valueOf(SECONDS),
        "-f",
        "null",
        "-");
  }
}
