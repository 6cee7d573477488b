package io.rtmpt.webapp.bridge;

import static io.rtmpt.webapp.bridge.BridgeFixtures.awaitFrames;
import static io.rtmpt.webapp.bridge.BridgeFixtures.backendSettings;
import static io.rtmpt.webapp.bridge.BridgeFixtures.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.webapp.bridge.BackendPeerFactory.BackendTunnelStats;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.TcpGate;
import io.rtmpt.webapp.testing.TunnelLink;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptErrorKind;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the backend bridge fails: a backend that refuses or does not answer fails {@code /open/1} at
 * once with 502 and one WARN line; a backend that drops the connection ends the tunnel on the
 * client's next request once the bytes already received are delivered; a client that stops polling
 * stops the backend being read instead of growing the buffer. Real nginx-rtmp, ffmpeg and rtmpdump;
 * the scripted client over a {@link TunnelLink} where the test must control every request. Logs:
 * target/interop/BackendBridgeFailureTest/.
 */
class BackendBridgeFailureTest {
  private static final Path LOGS = Path.of("target", "interop", "BackendBridgeFailureTest");
  private static final int VIDEO = 9;
  private static final byte[] OPEN_BODY = {0};

  /** Closed in reverse order after each test: processes, webapps, gates, nginx. */
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @BeforeEach
  void requireTools() throws IOException {
    Interop.requireTool("ffmpeg");
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

  /** An ffmpeg publishing the test stream straight to nginx, live for at least a second. */
  private ExternalProcess publishTo(NginxRtmp nginx, String stream) throws Exception {
    ExternalProcess publisher =
        start("publish-" + stream, Ffmpeg.publish(nginx.rtmpUrl("live", stream), 0));
    awaitFrames(publisher, Ffmpeg.FPS);
    return publisher;
  }

  /** A scripted RTMPT player of {@code stream}, through the bridge, once video is flowing. */
  private static RtmpScript<TunnelLink> play(EmbeddedWebapp webapp, String stream)
      throws Exception {
    RtmpScript<TunnelLink> client = TunnelLink.connect(webapp.httpBase());
    assertEquals("_result", client.connectApp("live").name());
    client.play(client.createStream(), stream);
    awaitVideo(client, 5);
    return client;
  }

  /** Polls until the client has received {@code messages} video messages in total. */
  private static void awaitVideo(RtmpScript<TunnelLink> client, long messages) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (client.count(VIDEO) < messages) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            client.link()
                + ": "
                + client.count(VIDEO)
                + " of "
                + messages
                + " video messages within 15 s");
      }
      try {
        client.receiveFor(Duration.ofSeconds(1));
      } catch (EOFException e) {
        throw new AssertionError(client.link() + " ended while waiting for video");
      }
    }
  }

  private static BackendTunnelStats stats(EmbeddedWebapp webapp, RtmpScript<TunnelLink> client) {
    return webapp
        .backend()
        .tunnel(client.link().sessionId())
        .orElseThrow(() -> new AssertionError("no backend connection for " + client));
  }

  private static List<String> sessionIds(EmbeddedWebapp webapp) {
    return webapp.registry().sessions().stream()
        .map(RtmptSessionInfo::id)
        .collect(Collectors.toList());
  }

  @Test
  void aBackendThatRefusesFailsOpenAtOnceWith502AndOneWarningWhileOtherTunnelsGoOn()
      throws Exception {
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("refuse-nginx")));
    TcpGate gate = closeLater(TcpGate.open(nginx.port()));
    EmbeddedWebapp webapp = closeLater(EmbeddedWebapp.start(backendSettings(gate.hostPort())));
    publishTo(nginx, "refuse");
    RtmpScript<TunnelLink> other = play(webapp, "refuse");

    gate.refuse();
    HttpClient http = TunnelLink.httpClient();
    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      long start = System.nanoTime();
      HttpResponse<byte[]> open = TunnelLink.post(http, webapp.httpBase(), "/open/1", OPEN_BODY);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertEquals(502, open.statusCode());
      assertTrue(
          millis < 1000,
          "a refused connect is answered at once, not after a timeout: " + millis + " ms");
      List<String> warnings = log.warnings();
      assertEquals(1, warnings.size(), "one WARN line per refused /open/1: " + warnings);
      assertTrue(
          warnings.get(0).contains(gate.hostPort()) && warnings.get(0).contains("refused"),
          "the line names the backend and says it refused: " + warnings.get(0));

      String url = webapp.rtmptUrl("live", "refuse");
      ExternalProcess ffmpeg = start("refuse-ffmpeg-play", Ffmpeg.decode(url, 5));
      ExternalProcess rtmpdump =
          start("refuse-rtmpdump-play", Ffmpeg.rtmpdump(url, LOGS.resolve("refuse.flv")));
      assertNotEquals(0, ffmpeg.waitFor(Duration.ofSeconds(15)), "ffmpeg fails:\n" + ffmpeg.tail());
      assertNotEquals(
          0, rtmpdump.waitFor(Duration.ofSeconds(15)), "rtmpdump fails:\n" + rtmpdump.tail());
      // Three refusals within 10 s: the first line is written, the others are counted and
      // reported in one line when the interval is over (RepeatedLog), so a flood of opens
      // against a dead backend cannot flood the log.
      assertEquals(
          1,
          log.warnings().size(),
          "repeated refusals are counted, not written: " + log.warnings());
    }
    assertEquals(3, webapp.registry().statistics().errors().get(RtmptErrorKind.PEER_UNAVAILABLE));

    // The tunnel opened before the backend stopped accepting still plays, alone in the registry.
    awaitVideo(other, other.count(VIDEO) + Ffmpeg.FPS);
    assertEquals(List.of(other.link().sessionId()), sessionIds(webapp));
    assertEquals(1, webapp.backend().openConnections(), "refused connects leave no channel behind");
    assertEquals(200, other.link().closeTunnel());
    Await.until(
        "the closed tunnel's backend connection is closed",
        Duration.ofSeconds(5),
        () -> webapp.backend().openConnections() == 0);
  }

  @Test
  void aBackendThatDoesNotAnswerFailsOpenWith502AfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      fillAcceptQueue(silent);
      EmbeddedWebapp webapp =
          closeLater(
              EmbeddedWebapp.start(
                  backendSettings(
                      "127.0.0.1:" + silent.getLocalPort(),
                      WebappConfig.BACKEND_CONNECT_TIMEOUT,
                      "500")));
      try (LogCapture log = LogCapture.of("io.rtmpt")) {
        long start = System.nanoTime();
        HttpResponse<byte[]> open =
            TunnelLink.post(TunnelLink.httpClient(), webapp.httpBase(), "/open/1", OPEN_BODY);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(502, open.statusCode());
        assertTrue(
            millis >= 400 && millis < 2500,
            "answered after the 500 ms connect timeout: " + millis + " ms");
        // The console's reachability check warns about the silent backend on its own timer;
        // the failed /open/1 itself is logged once.
        List<String> warnings =
            log.warnings().stream()
                .filter(w -> !w.startsWith(BackendProbe.class.getName()))
                .toList();
        assertEquals(1, warnings.size(), "one WARN line: " + log.warnings());
        assertTrue(warnings.get(0).contains("127.0.0.1:" + silent.getLocalPort()), warnings.get(0));
      }
      assertTrue(webapp.registry().sessions().isEmpty());
      assertEquals(0, webapp.backend().openConnections());
    }
  }

  /**
   * Connects to a listener that never accepts until its accept queue is full: further connects then
   * get no answer at all (Linux drops their SYNs), like a backend behind a black hole.
   */
  private void fillAcceptQueue(ServerSocket listener) throws IOException {
    for (int i = 0; i < 16; i++) {
      Socket socket = closeLater(new Socket());
      try {
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 300);
      } catch (SocketTimeoutException e) {
        return;
      }
    }
    throw new AssertionError("the accept queue of a backlog-1 listener never filled up");
  }

  @Test
  void aBackendThatDropsTheConnectionEndsItsTunnelsOnTheNextRequestAfterTheirBytes()
      throws Exception {
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("drop-nginx")));
    EmbeddedWebapp webapp = closeLater(EmbeddedWebapp.start(backendSettings(nginx)));
    BackendPeerFactory backend = webapp.backend();
    publishTo(nginx, "drop");
    RtmpScript<TunnelLink> held = play(webapp, "drop");
    ExternalProcess ffmpeg =
        start("drop-ffmpeg-play", Ffmpeg.decode(webapp.rtmptUrl("live", "drop"), 60));
    Await.until(
        "ffmpeg plays over rtmpt",
        Duration.ofSeconds(15),
        () -> frames(ffmpeg) >= Ffmpeg.FPS,
        ffmpeg::tail);
    // The scripted player has stopped polling: the bridge holds bytes for it.
    Await.until(
        "bytes waiting for the scripted player",
        Duration.ofSeconds(10),
        () -> stats(webapp, held).bufferedBytes() > 0);

    nginx.stop();
    Await.until(
        "the bridge sees the backend gone",
        Duration.ofSeconds(10),
        () -> stats(webapp, held).backendClosed());
    BackendTunnelStats atClose = stats(webapp, held);
    assertTrue(atClose.bufferedBytes() > 0, atClose.toString());

    // Its next request is a /send (players send acknowledgements): answered 200 with the bytes
    // the bridge had received, not failed on the dead connection.
    TunnelLink heldTunnel = held.link();
    long before = heldTunnel.bytesReceived();
    held.send(new Acknowledgement(before), 2, 0, 0);
    assertTrue(
        heldTunnel.bytesReceived() > before, "the reply carried the held bytes: " + heldTunnel);
    assertEquals(
        404,
        heldTunnel.pollUntilEnded(Duration.ofSeconds(10)),
        "then the tunnel ends: " + heldTunnel);
    assertEquals(
        atClose.bytesFromBackend(),
        heldTunnel.bytesReceived(),
        "every byte the bridge received was delivered");
    assertFalse(
        webapp.registry().session(heldTunnel.sessionId()).isPresent(),
        "the tunnel left the registry");

    // ffmpeg ends too (it gets 404 and gives up) instead of hanging.
    int exit = ffmpeg.waitFor(Duration.ofSeconds(20));
    assertFalse(ffmpeg.isAlive(), "ffmpeg ended with " + exit);
    Await.until(
        "both tunnels left the registry",
        Duration.ofSeconds(15),
        () -> webapp.registry().sessions().isEmpty(),
        () -> sessionIds(webapp).toString());
    assertEquals(0, backend.openConnections(), "no backend connection left");
    var closed = webapp.registry().statistics().sessionsClosed();
    assertTrue(
        closed.get(RtmptCloseReason.PEER_CLOSED) >= 1,
        "the scripted player's tunnel ended as PEER_CLOSED: " + closed);
    assertEquals(
        2,
        closed.get(RtmptCloseReason.PEER_CLOSED) + closed.get(RtmptCloseReason.PEER_FAILED),
        "both tunnels ended because the backend went: " + closed);

    // A new nginx on the same address: new tunnels of the same webapp work.
    NginxRtmp again = closeLater(NginxRtmp.start(LOGS.resolve("drop-nginx-2"), nginx.port()));
    publishTo(again, "drop-2");
    RtmpScript<TunnelLink> fresh = play(webapp, "drop-2");
    awaitVideo(fresh, Ffmpeg.FPS);
    assertEquals(List.of(fresh.link().sessionId()), sessionIds(webapp));
  }

  @Test
  void aFullBufferStopsReadingTheBackendUntilTheClientPollsAgain() throws Exception {
    int limit = 64 * 1024;
    NginxRtmp nginx = closeLater(NginxRtmp.start(LOGS.resolve("full-nginx")));
    EmbeddedWebapp webapp =
        closeLater(
            EmbeddedWebapp.start(
                backendSettings(nginx, WebappConfig.BACKEND_BUFFER_BYTES, String.valueOf(limit))));
    ExternalProcess publisher = publishTo(nginx, "full");
    RtmpScript<TunnelLink> client = play(webapp, "full");

    // The client stops polling; nginx goes on pushing the live stream.
    Await.until(
        "reading from the backend paused",
        Duration.ofSeconds(15),
        () -> stats(webapp, client).readingPaused(),
        () -> stats(webapp, client).toString());
    BackendTunnelStats paused = stats(webapp, client);
    awaitFrames(publisher, frames(publisher) + 2 * Ffmpeg.FPS);
    BackendTunnelStats later = stats(webapp, client);
    assertTrue(later.readingPaused(), later.toString());
    assertEquals(
        paused.bytesFromBackend(),
        later.bytesFromBackend(),
        "not one byte read from the backend in 2 s of stream while the buffer was full");
    assertTrue(later.bufferedBytes() >= limit, later.toString());
    assertTrue(
        later.peakBufferedBytes() <= limit + BackendPeerFactory.MAX_READ_BYTES,
        "at most one socket read past the limit: " + later);

    // Polling again empties the buffer and the backend is read again.
    long video = client.count(VIDEO);
    awaitVideo(client, video + 2 * Ffmpeg.FPS);
    BackendTunnelStats resumed = stats(webapp, client);
    assertTrue(resumed.bytesFromBackend() > later.bytesFromBackend(), resumed.toString());
    assertTrue(
        resumed.peakBufferedBytes() <= limit + BackendPeerFactory.MAX_READ_BYTES,
        resumed.toString());
    assertEquals(200, client.link().closeTunnel());
  }
}
