package io.rtmpt.webapp.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.resilience.Streams.Brightness;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, done-when 4, with real clients on the whole web application (engine mode, native RTMP
 * and RTMPT): players keep playing across an encoder that stops and publishes again, across the
 * console's Stop, and a killed RTMPT encoder that reconnects at once publishes again. Publishers
 * are told apart by their picture: the first is black, the next white, and players write the
 * brightness of every frame they decode.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PublisherReconnectIT {
  private static final Pattern TAKEOVER =
      Pattern.compile("takes (\\S+) over from .*, quiet for (\\d+) ms");

  private static Path logs;
  private static AdminWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("rtmpdump");
    logs = PackagedWar.freshLogDirectory(PublisherReconnectIT.class);
    rtmpPort = Ports.freePort();
    webapp =
        AdminWebapp.start(
            Map.of("rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static String rtmp(String name) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
  }

  private static String rtmpt(String name) {
    return webapp.rtmptUrl("live", name);
  }

  private static RtmpEngine engine() {
    return webapp.engine();
  }

  /** Waits until {@code name} is published and has passed on {@code frames} frames. */
  private static void awaitFrames(String name, long frames, ExternalProcess publisher)
      throws InterruptedException {
    Await.until(
        "live/" + name + " has " + frames + " frames",
        Duration.ofSeconds(60),
        () -> {
          LiveStream s = engine().streams().get(new StreamKey("live", name));
          return s != null && s.snapshot().publishing() && s.snapshot().frames() >= frames;
        },
        publisher::isAlive,
        publisher::tail);
  }

  /** Waits until {@code name} has {@code players} players. */
  private static void awaitPlayers(String name, int players) throws InterruptedException {
    Await.until(
        players + " players of live/" + name,
        Duration.ofSeconds(30),
        () -> {
          LiveStream s = engine().streams().get(new StreamKey("live", name));
          return s != null && s.snapshot().players() == players;
        });
  }

  /**
   * Issue requirement: an encoder that reconnects after a crash is not refused. ffmpeg publishing
   * over RTMPT is killed (SIGKILL: no FCUnpublish, no /close; its tunnel lingers until the tunnel's
   * session timeout) and a new one starts at once: it takes the name over, and the player that
   * played the first one plays the second.
   */
  @Test
  void aKilledRtmptEncoderThatReconnectsAtOncePublishesAgain() throws Exception {
    String name = "killed";
    Path yavg = logs.resolve("killed-player.yavg");
    try (LogCapture log = LogCapture.of("io.rtmpt");
        ExternalProcess first =
            ExternalProcess.start(
                "killed-first", logs, Streams.publishColor(rtmpt(name), "black", 440, 0))) {
      awaitFrames(name, 50, first);
      try (ExternalProcess player =
          ExternalProcess.start(
              "killed-player", logs, Streams.decodeBrightness(rtmp(name), 12, yavg))) {
        awaitPlayers(name, 1);
        Thread.sleep(2000); // two seconds of black for the player
        long oldSession = publisherSessionId(name);
        first.close(); // SIGKILL
        long killed = System.nanoTime();
        try (ExternalProcess second =
            ExternalProcess.start(
                "killed-second", logs, Streams.publishColor(rtmpt(name), "white", 880, 0))) {
          Await.until(
              "the second encoder publishes live/" + name,
              Duration.ofSeconds(30),
              () -> publisherSessionId(name) != oldSession && publisherSessionId(name) > 0,
              second::isAlive,
              second::tail);
          long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
          assertEquals(0, player.waitFor(Duration.ofSeconds(60)), player.tail());
          assertTrue(second.isAlive(), "the second encoder was not refused:\n" + second.tail());
          Brightness seen = Streams.brightness(yavg);
          System.out.printf(
              "killed encoder: new publisher live %d ms after the kill; %s; %s%n",
              takeoverMillis, takeovers(log), seen);
          assertTrue(seen.black() >= 25, "frames of the killed encoder: " + seen);
          assertTrue(seen.white() >= 50, "frames of the reconnected encoder: " + seen);
          assertEquals(0, seen.blackAfterWhite(), seen.toString());
          assertEquals(1, takeovers(log).size(), "taken over, not free: " + log.messages());
        }
      }
    }
  }

  /** The id of the session publishing {@code name}, or 0. */
  private static long publisherSessionId(String name) {
    return engine().sessions().stream()
        .filter(s -> s.publishing().contains("live/" + name))
        .mapToLong(s -> s.id())
        .findFirst()
        .orElse(0);
  }

  /** The "quiet for N ms" figures of the takeovers logged so far. */
  private static List<Long> takeovers(LogCapture log) {
    return log.messages().stream()
        .map(TAKEOVER::matcher)
        .filter(Matcher::find)
        .map(m -> Long.parseLong(m.group(2)))
        .toList();
  }

  /** The ids of the sessions playing {@code name}. */
  private static List<Long> playerSessionIds(String name) {
    return engine().sessions().stream()
        .filter(s -> s.playing().contains("live/" + name))
        .map(s -> s.id())
        .sorted()
        .toList();
  }

  /** An ffmpeg player over RTMP and rtmpdump over RTMPT, both waiting for {@code name}. */
  private record Players(
      ExternalProcess ffmpeg, Path ffmpegYavg, ExternalProcess rtmpdump, Path flv)
      implements AutoCloseable {
    static Players start(String name, int seconds) throws Exception {
      Path yavg = logs.resolve(name + "-ffmpeg.yavg");
      Path flv = logs.resolve(name + "-rtmpdump.flv");
      ExternalProcess ffmpeg =
          ExternalProcess.start(
              name + "-ffmpeg", logs, Streams.decodeBrightness(rtmp(name), seconds, yavg));
      ExternalProcess rtmpdump =
          ExternalProcess.start(name + "-rtmpdump", logs, Ffmpeg.rtmpdump(rtmpt(name), flv));
      awaitPlayers(name, 2);
      return new Players(ffmpeg, yavg, rtmpdump, flv);
    }

    /**
     * Waits for the ffmpeg player to finish its seconds of media, stops rtmpdump, and returns what
     * each decoded: ffmpeg live, rtmpdump's recording afterwards.
     */
    List<Brightness> finish(String name) throws Exception {
      assertEquals(0, ffmpeg.waitFor(Duration.ofSeconds(90)), ffmpeg.tail());
      assertTrue(rtmpdump.isAlive(), "rtmpdump still playing:\n" + rtmpdump.tail());
      rtmpdump.stop(Duration.ofSeconds(3));
      Path dumped = logs.resolve(name + "-rtmpdump.yavg");
      try (ExternalProcess decode =
          ExternalProcess.start(
              name + "-rtmpdump-decode",
              logs,
              Streams.decodeBrightness(flv.toString(), 0, dumped))) {
        decode.waitFor(Duration.ofSeconds(60));
      }
      return List.of(Streams.brightness(ffmpegYavg), Streams.brightness(dumped));
    }

    @Override
    public void close() {
      ffmpeg.close();
      rtmpdump.close();
    }
  }

  /** Both players decoded the first publisher's frames, then the second's, and nothing else. */
  private static void assertBothPublishers(List<Brightness> seen, String what) {
    String[] names = {"ffmpeg", "rtmpdump"};
    for (int i = 0; i < 2; i++) {
      Brightness b = seen.get(i);
      assertTrue(b.black() >= 25, names[i] + " got the first publisher " + what + ": " + b);
      assertTrue(b.white() >= 50, names[i] + " got the second publisher " + what + ": " + b);
      assertEquals(0, b.blackAfterWhite(), names[i] + ": " + b);
    }
  }

  /**
   * Issue requirement: ffmpeg and rtmpdump players keep playing across an encoder that stops and
   * publishes again after 2 s, and decode frames of both publishes.
   */
  @Test
  void playersKeepPlayingAcrossAnEncoderThatStopsAndPublishesAgainAfterTwoSeconds()
      throws Exception {
    String name = "again";
    try (Players players = Players.start(name, 12)) {
      List<Long> playing = playerSessionIds(name);
      try (ExternalProcess first =
          ExternalProcess.start(
              "again-first", logs, Streams.publishColor(rtmp(name), "black", 440, 6))) {
        assertEquals(0, first.waitFor(Duration.ofSeconds(60)), first.tail());
      }
      Await.until(
          "live/" + name + " unpublished",
          Duration.ofSeconds(10),
          () -> !engine().streams().get(new StreamKey("live", name)).snapshot().publishing());
      Thread.sleep(2000); // the encoder restarts after 2 s: part of the scenario, not a wait
      assertEquals(playing, playerSessionIds(name), "the players stay through the gap");
      try (ExternalProcess second =
          ExternalProcess.start(
              "again-second", logs, Streams.publishColor(rtmp(name), "white", 880, 0))) {
        List<Brightness> seen = players.finish(name);
        System.out.printf(
            "republish after 2 s: ffmpeg %s; rtmpdump %s%n", seen.get(0), seen.get(1));
        assertBothPublishers(seen, "before and after the gap");
      }
    }
  }

  /**
   * Issue requirement: the console's Stop disconnects the publisher and leaves its players waiting
   * ("players stay"); they resume when the name is published again.
   */
  @Test
  void theConsolesStopLeavesPlayersWaitingAndTheyResumeOnTheNextPublish() throws Exception {
    String name = "stopped";
    HttpClient browser = browser();
    try (Players players = Players.start(name, 12);
        ExternalProcess first =
            ExternalProcess.start(
                "stopped-first", logs, Streams.publishColor(rtmpt(name), "black", 440, 0))) {
      awaitFrames(name, 250, first); // about 4 s of stream
      List<Long> playing = playerSessionIds(name);
      String csrf =
          new ObjectMapper()
              .readTree(
                  browser
                      .send(
                          webapp.authorized("/admin/api/csrf").GET().build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .get("token")
              .asText();
      HttpResponse<String> stop = post(browser, csrf, "/admin/api/streams/live/" + name + "/stop");
      assertEquals(200, stop.statusCode(), stop.body());
      first.waitFor(Duration.ofSeconds(30)); // its connection was closed
      assertTrue(players.ffmpeg().isAlive(), players.ffmpeg().tail());
      assertTrue(players.rtmpdump().isAlive(), players.rtmpdump().tail());
      assertEquals(playing, playerSessionIds(name), "the players wait");
      try (ExternalProcess second =
          ExternalProcess.start(
              "stopped-second", logs, Streams.publishColor(rtmp(name), "white", 880, 0))) {
        List<Brightness> seen = players.finish(name);
        System.out.printf("console stop: ffmpeg %s; rtmpdump %s%n", seen.get(0), seen.get(1));
        assertBothPublishers(seen, "before and after the Stop");
      }
    }
  }

  static HttpResponse<String> post(HttpClient browser, String csrf, String path) throws Exception {
    return browser.send(
        webapp
            .authorized(path)
            .header("X-CSRF-Token", csrf)
            .header("Origin", webapp.httpBase())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
