package io.rtmpt.webapp.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, done-when 1: an ffmpeg player and rtmpdump wait 90 s for a publisher over rtmp and
 * rtmpt, then decode it, with the default settings. Nothing flows to a waiting player, so the
 * server pings it every 20 s of quiet; both clients answer. Without the pings rtmpdump would give
 * up over rtmp after 30 s (librtmp's receive timeout), and the old idle timeout closed the rtmp
 * players at 60 s. All four wait at the same time; an integration test because it takes 90 s.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WaitingPlayersIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void ffmpegAndRtmpdumpWaitNinetySecondsOverRtmpAndRtmptThenDecodeThePublisher() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("rtmpdump");
    Path logs = PackagedWar.freshLogDirectory(WaitingPlayersIT.class);
    int rtmpPort = Ports.freePort();
    String name = "later";
    String rtmp = "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
    try (EmbeddedWebapp webapp =
        EmbeddedWebapp.start(
            Map.of("rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)))) {
      RtmpEngine engine = webapp.engine();
      String rtmpt = webapp.rtmptUrl("live", name);
      Path dumpRtmp = logs.resolve("rtmpdump-rtmp.flv");
      Path dumpRtmpt = logs.resolve("rtmpdump-rtmpt.flv");
      List<ExternalProcess> players = new ArrayList<>();
      try {
        players.add(ExternalProcess.start("ffmpeg-rtmp", logs, Ffmpeg.decode(rtmp, 5)));
        players.add(ExternalProcess.start("ffmpeg-rtmpt", logs, Ffmpeg.decode(rtmpt, 5)));
        players.add(ExternalProcess.start("rtmpdump-rtmp", logs, Ffmpeg.rtmpdump(rtmp, dumpRtmp)));
        players.add(
            ExternalProcess.start("rtmpdump-rtmpt", logs, Ffmpeg.rtmpdump(rtmpt, dumpRtmpt)));
        Await.until(
            "four players wait for live/" + name,
            Duration.ofSeconds(30),
            () -> players(engine, name) == 4,
            () -> players.stream().allMatch(ExternalProcess::isAlive),
            () -> players.get(0).tail());
        List<ServerSession> sessions =
            engine.sessions().stream()
                .filter(s -> !s.playing().isEmpty())
                .map(s -> engine.session(s.id()))
                .toList();

        // The wait itself: every player must still be there, and playing, all along.
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
          for (ExternalProcess p : players) {
            assertTrue(p.isAlive(), p + " gave up waiting:\n" + p.tail());
          }
          assertEquals(4, players(engine, name), "players of live/" + name);
          Thread.sleep(250);
        }
        StringBuilder pings = new StringBuilder();
        for (ServerSession s : sessions) {
          pings.append(
              String.format(
                  "%s %d pings %d answers; ", s.describe(), s.pingsSent(), s.pongsReceived()));
          assertTrue(s.pingsSent() >= 3, s.describe() + " pinged every 20 s: " + s.pingsSent());
          assertTrue(s.pongsReceived() >= s.pingsSent() - 1, s.describe() + " answered");
        }

        try (ExternalProcess publisher =
            ExternalProcess.start("publisher", logs, Ffmpeg.publish(rtmp, 0))) {
          for (ExternalProcess p : players.subList(0, 2)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p + ":\n" + p.tail());
            int frames = Ffmpeg.lastFrameCount(p.stderr());
            assertTrue(frames >= 0.9 * 5 * Ffmpeg.FPS, p + " decoded " + frames + " frames");
            assertEquals(List.of(), Ffmpeg.decodeErrors(p.stderr()), p + " decoding errors");
          }
          for (ExternalProcess p : players.subList(2, 4)) {
            assertTrue(p.isAlive(), p + " still recording:\n" + p.tail());
            p.stop(Duration.ofSeconds(3));
          }
          assertTrue(publisher.isAlive(), publisher.tail());
        }
        for (Path flv : List.of(dumpRtmp, dumpRtmpt)) {
          Probe probe = Ffmpeg.probe(flv, logs);
          assertEquals("h264", probe.videoCodec(), flv.toString());
          assertEquals("aac", probe.audioCodec(), flv.toString());
          assertTrue(probe.videoFrames() >= 2 * Ffmpeg.FPS, flv + ": " + probe.videoFrames());
        }
        System.out.println("waiting players: " + pings);
      } finally {
        players.forEach(ExternalProcess::close);
      }
    }
  }

  private static int players(RtmpEngine engine, String name) {
    LiveStream s = engine.streams().get(new StreamKey("live", name));
    return s == null ? 0 : s.snapshot().players();
  }
}
