package io.rtmpt.webapp.bridge;

import static io.rtmpt.webapp.bridge.BridgeFixtures.awaitFrames;
import static io.rtmpt.webapp.bridge.BridgeFixtures.backendSettings;
import static io.rtmpt.webapp.bridge.BridgeFixtures.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.TcpGate;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backend faults in backend mode (issue 9): a backend killed mid-stream ends its tunnels within 2 s
 * and leaves no session, backend connection or thread behind, and tunnels work again once it is
 * back; one backend connection cut ends its own tunnel only; a client that vanishes without {@code
 * /close} is reaped, and its publish ended, within the session timeout. Real nginx-rtmp, ffmpeg and
 * rtmpdump. Logs: target/interop/BackendFaultsTest/.
 */
class BackendFaultsTest {
  private static final Path LOGS = Path.of("target", "interop", "BackendFaultsTest");

  /** How soon a tunnel must end once its backend connection is gone. */
  private static final Duration TUNNEL_END = Duration.ofSeconds(2);

  /** Closed in reverse order after each test: processes, webapps, gates, nginx. */
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @BeforeEach
  void requireTools() throws IOException {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("rtmpdump");
    NginxRtmp.requireNginxRtmp();
    Files.createDirectories(LOGS);
  }

  @AfterEach
  void closeResources() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  private ExternalProcess start(String name, List<String> command) throws IOException {
    return closeLater(ExternalProcess.start(name, LOGS, command));
  }

  @Test
  void aKilledBackendEndsItsTunnelsWithin2sAndTunnelsWorkAgainOnceItIsBack() throws Exception {
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("killed-nginx")));
    EmbeddedWebapp webapp = closeLater(EmbeddedWebapp.start(backendSettings(nginx)));
    String url = webapp.rtmptUrl("live", "killed");
    ExternalProcess publisher = start("killed-publisher", Ffmpeg.publish(url, 0));
    awaitFrames(publisher, Ffmpeg.FPS);
    ExternalProcess player = start("killed-ffmpeg", Ffmpeg.decode(url, 60));
    ExternalProcess dump =
        start("killed-rtmpdump", Ffmpeg.rtmpdump(url, LOGS.resolve("killed.flv")));
    Await.until(
        "ffmpeg plays",
        Duration.ofSeconds(20),
        () -> frames(player) >= Ffmpeg.FPS,
        player::isAlive,
        player::tail);
    Await.until(
        "three tunnels", Duration.ofSeconds(20), () -> webapp.registry().sessions().size() == 3);
    long ourThreads = threads("rtmpt-") - threads("rtmpt-backend");

    nginx.kill();
    long killed = System.nanoTime();
    Await.until(
        "every tunnel ended",
        TUNNEL_END.plusSeconds(3),
        () -> webapp.registry().sessions().isEmpty(),
        () -> webapp.registry().sessions().toString());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertTrue(millis <= TUNNEL_END.toMillis(), "tunnels ended " + millis + " ms after the kill");

    for (ExternalProcess client : List.of(publisher, player, dump)) {
      int exit = client.waitFor(Duration.ofSeconds(30)); // throws if it hangs
      assertFalse(client.isAlive(), client + " ended with " + exit);
    }
    assertNotEquals(
        0, publisher.waitFor(Duration.ZERO), "the publisher failed:\n" + publisher.tail());
    Await.until(
        "no backend connection left",
        Duration.ofSeconds(5),
        () -> webapp.backend().openConnections() == 0);
    var closed = webapp.registry().statistics().sessionsClosed();
    assertEquals(
        3,
        closed.get(RtmptCloseReason.PEER_CLOSED) + closed.get(RtmptCloseReason.PEER_FAILED),
        "each tunnel ended because its backend went: " + closed);

    // The backend comes back on its address: the same gateway's new tunnels work.
    NginxRtmp again = closeLater(NginxRtmp.start(LOGS.resolve("killed-nginx-2"), nginx.port()));
    ExternalProcess publisher2 = start("back-publisher", Ffmpeg.publish(url, 0));
    awaitFrames(publisher2, Ffmpeg.FPS);
    Path flv = LOGS.resolve("back.flv");
    ExternalProcess recorder =
        start("back-recorder", Ffmpeg.record(url, BridgeFixtures.RECORD_SECONDS, flv));
    assertEquals(0, recorder.waitFor(Duration.ofSeconds(60)), recorder.tail());
    BridgeFixtures.assertTestStream("the player after the backend came back", flv, LOGS);
    publisher2.close();
    assertTrue(again.isAlive());
    Await.until(
        "the new tunnels ended",
        Duration.ofSeconds(15),
        () -> webapp.registry().sessions().isEmpty(),
        () -> webapp.registry().sessions().toString());
    Await.until(
        "their backend connections are closed",
        Duration.ofSeconds(5),
        () -> webapp.backend().openConnections() == 0);
    // The backend bridge's event loops start as tunnels need them, up to Netty's default of two
    // per core; nothing else of the gateway's grows.
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    assertTrue(
        threads("rtmpt-backend") <= loops,
        "backend threads: " + threads("rtmpt-backend") + ", at most " + loops);
    assertEquals(
        ourThreads,
        threads("rtmpt-") - threads("rtmpt-backend"),
        "the gateway's other threads, as before the kill");
  }

  @Test
  void oneCutBackendConnectionEndsItsOwnTunnelOnly() throws Exception {
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("cut-nginx")));
    TcpGate gate = closeLater(TcpGate.open(nginx.port()));
    EmbeddedWebapp webapp = closeLater(EmbeddedWebapp.start(backendSettings(gate.hostPort())));
    ExternalProcess publisher =
        start("cut-publisher", Ffmpeg.publish(nginx.rtmpUrl("live", "cut"), 0));
    awaitFrames(publisher, Ffmpeg.FPS);
    String url = webapp.rtmptUrl("live", "cut");

    ExternalProcess cut = start("cut-player", Ffmpeg.decode(url, 60));
    Await.until(
        "the first tunnel's backend connection",
        Duration.ofSeconds(20),
        () -> gate.liveConnections().size() == 1);
    Await.until(
        "it plays",
        Duration.ofSeconds(20),
        () -> frames(cut) >= Ffmpeg.FPS,
        cut::isAlive,
        cut::tail);
    String cutId = webapp.registry().sessions().get(0).id();
    ExternalProcess other = start("other-player", Ffmpeg.decode(url, 12));
    Await.until(
        "the second tunnel", Duration.ofSeconds(20), () -> gate.liveConnections().size() == 2);
    Await.until(
        "the other player plays",
        Duration.ofSeconds(20),
        () -> frames(other) >= Ffmpeg.FPS,
        other::isAlive,
        other::tail);

    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      gate.reset(gate.liveConnections().get(0)); // the first player's
      long reset = System.nanoTime();
      Await.until(
          "the cut tunnel ended",
          TUNNEL_END.plusSeconds(3),
          () -> webapp.registry().session(cutId).isEmpty(),
          () -> webapp.registry().sessions().toString());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reset);
      assertTrue(millis <= TUNNEL_END.toMillis(), "ended " + millis + " ms after the cut");
      assertTrue(
          log.messages().stream()
              .anyMatch(m -> m.contains("RTMPT session " + cutId + " closed (PEER_")),
          "its end is logged with the reason: " + log.messages());
    }
    List<RtmptSessionInfo> left = webapp.registry().sessions();
    assertEquals(1, left.size(), "the other tunnel goes on: " + left);

    int before = frames(other);
    assertEquals(0, other.waitFor(Duration.ofSeconds(40)), other.tail());
    assertTrue(
        frames(other) >= before + Ffmpeg.FPS, "it decoded on after the cut: " + other.tail());
    assertEquals(List.of(), Ffmpeg.decodeErrors(other.stderr()), other.tail());
    int exit = cut.waitFor(Duration.ofSeconds(30));
    assertFalse(cut.isAlive(), "the cut player ended (" + exit + ") instead of hanging");
  }

  @Test
  void aClientThatVanishesIsReapedAndItsPublishEndedWithinTheSessionTimeout() throws Exception {
    long timeoutMillis = 5000;
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("vanish-nginx")));
    EmbeddedWebapp webapp =
        closeLater(
            EmbeddedWebapp.start(
                backendSettings(nginx, "rtmpt.session-timeout-ms", String.valueOf(timeoutMillis))));
    ExternalProcess publisher =
        start("vanish-publisher", Ffmpeg.publish(webapp.rtmptUrl("live", "vanish"), 0));
    awaitFrames(publisher, Ffmpeg.FPS);
    String id = webapp.registry().sessions().get(0).id();
    String direct = nginx.rtmpUrl("live", "vanish");

    publisher.close(); // SIGKILL: no /close, no deleteStream
    long vanished = System.nanoTime();
    try (ExternalProcess refused = start("vanish-too-soon", Ffmpeg.publish(direct, 2))) {
      assertNotEquals(
          0,
          refused.waitFor(Duration.ofSeconds(20)),
          "the name is still published:\n" + refused.tail());
      assertTrue(refused.stderr().contains("Already publishing"), refused.tail());
    }
    assertTrue(webapp.registry().session(id).isPresent(), "not reaped before the timeout");

    Await.until(
        "the tunnel is reaped",
        Duration.ofMillis(timeoutMillis + 5000),
        () -> webapp.registry().session(id).isEmpty());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - vanished);
    // Its last request came up to a /send interval (about 0.3 s) before the kill; the reaper looks
    // once a second.
    assertTrue(
        millis >= timeoutMillis - 1000 && millis <= timeoutMillis + 1500,
        "reaped " + millis + " ms after the client vanished (timeout " + timeoutMillis + " ms)");
    assertEquals(
        1, webapp.registry().statistics().sessionsClosed().get(RtmptCloseReason.SESSION_TIMEOUT));
    Await.until(
        "its backend connection is closed",
        Duration.ofSeconds(5),
        () -> webapp.backend().openConnections() == 0);

    ExternalProcess next = start("vanish-next", Ffmpeg.publish(direct, 0));
    awaitFrames(next, Ffmpeg.FPS); // nginx took the name: the old publish has ended
  }

  private static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }
}
