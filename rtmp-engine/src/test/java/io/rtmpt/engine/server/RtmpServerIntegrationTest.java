package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty listener with real sockets on 127.0.0.1:0, driven by the scripted client. */
class RtmpServerIntegrationTest {
  private static final int PLAYER_QUEUE_LIMIT = 256 * 1024;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RtmpEngine engine;
  private RtmpServer server;

  private void start(EngineConfig config) throws IOException {
    engine = new RtmpEngine(config);
    server = new RtmpServer(engine, "127.0.0.1", 0).start();
    closeables.add(server);
  }

  private RtmpScript<SocketLink> client() throws IOException {
    return client(0);
  }

  private RtmpScript<SocketLink> client(int receiveBuffer) throws IOException {
    RtmpScript<SocketLink> c =
        RtmpScript.start(SocketLink.connect("127.0.0.1", server.port(), receiveBuffer));
    closeables.add(0, c);
    return c;
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void aPublishedStreamPlaysOverTcp() throws Exception {
    start(EngineConfig.defaults());
    RtmpScript<SocketLink> publisher = client();
    assertEquals("_result", publisher.connectApp("live").name());
    int pub = publisher.createStream();
    assertEquals("NetStream.Publish.Start", RtmpScript.statusCode(publisher.publish(pub, "cam")));

    RtmpScript<SocketLink> player = client();
    player.connectApp("live");
    int ps = player.createStream();
    player.play(ps, "cam");

    byte[] header = {0x17, 0, 0, 0, 0, 1, 2, 3};
    byte[] key = new byte[100_000];
    key[0] = 0x17;
    key[1] = 1;
    publisher.send(new VideoData(header), 7, pub, 0);
    publisher.send(new VideoData(key), 7, pub, 0);
    publisher.send(new AudioData(new byte[] {(byte) 0xAF, 1, 9}), 6, pub, 10);

    List<RawMessage> media = new ArrayList<>();
    while (media.size() < 3) {
      RawMessage m = player.next(Duration.ofSeconds(5));
      assertNotNull(m, "player got " + media.size() + " media messages");
      if (m.messageTypeId() == 8 || m.messageTypeId() == 9) {
        media.add(m);
      }
    }
    assertArrayEquals(header, media.get(0).payload());
    assertArrayEquals(key, media.get(1).payload());
    assertEquals(10, media.get(2).timestamp());
  }

  @Test
  void garbageClosesThatConnectionOnlyAndOthersKeepStreaming() throws Exception {
    start(EngineConfig.defaults());
    RtmpScript<SocketLink> publisher = client();
    publisher.connectApp("live");
    int pub = publisher.createStream();
    publisher.publish(pub, "cam");
    RtmpScript<SocketLink> player = client();
    player.connectApp("live");
    int ps = player.createStream();
    player.play(ps, "cam");

    RtmpScript<SocketLink> bad = client();
    bad.connectApp("live");
    // chunk stream 3, type 0 header declaring an absurd 16 MiB - 1 message length
    bad.sendBytes(
        new byte[] {0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 20, 0, 0, 0, 0});
    assertTrue(bad.awaitClosed(Duration.ofSeconds(5)), "bad client disconnected");

    RtmpScript<SocketLink> truncated = client();
    truncated.connectApp("live");
    truncated.closeMidChunk(new VideoData(new byte[1000]), 1, 300);

    publisher.send(new VideoData(new byte[] {0x17, 1, 0, 0, 0}), 7, pub, 0);
    RawMessage m;
    do {
      m = player.next(Duration.ofSeconds(5));
      assertNotNull(m, "player still receives after other connections failed");
    } while (m.messageTypeId() != 9);
    assertEquals(2, waitForSessions(2), "only the good sessions remain");
  }

  @Test
  void connectionsOverTheLimitAreRefused() throws Exception {
    start(EngineConfig.builder().maxConnections(2).build());
    client();
    client();
    RtmpScript<SocketLink> third;
    try {
      third = client();
      assertTrue(third.awaitClosed(Duration.ofSeconds(5)));
    } catch (IOException e) {
      // refused before or during the handshake: also a refusal
    }
    assertEquals(2, engine.sessionCount());
  }

  @Test
  void aSilentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
    start(EngineConfig.builder().handshakeTimeout(Duration.ofMillis(300)).build());
    try (Socket silent = new Socket("127.0.0.1", server.port())) {
      silent.setSoTimeout(5000);
      assertEquals(-1, silent.getInputStream().read(), "server closed the silent connection");
    }
  }

  @Test
  void aTakenPortIsReportedWithItsAddress() throws Exception {
    start(EngineConfig.defaults());
    RtmpServer second = new RtmpServer(engine, "127.0.0.1", server.port());
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, second::start);
    assertTrue(
        e.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port() + ": "),
        e.getMessage());
  }

  /**
   * Issue requirement: a player that stops reading does not delay the publisher or a normal player,
   * and its queue stays within its limit.
   */
  @Test
  void aPlayerThatStopsReadingDelaysNobodyAndItsQueueStaysWithinItsLimit() throws Exception {
    start(EngineConfig.builder().maxPlayerQueueBytes(PLAYER_QUEUE_LIMIT).build());
    RtmpScript<SocketLink> publisher = client();
    publisher.connectApp("live");
    int pub = publisher.createStream();
    publisher.publish(pub, "cam");

    RtmpScript<SocketLink> stalled = client(4096);
    stalled.connectApp("live");
    int ss = stalled.createStream();
    stalled.play(ss, "cam");

    RtmpScript<SocketLink> normal = client();
    normal.connectApp("live");
    int ns = normal.createStream();
    normal.play(ns, "cam");

    int frames = 400;
    int frameSize = 20_000; // 8 MB in all: far more than the stalled player's socket and queue
    List<RawMessage> received = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (received.size() < frames) {
                  RawMessage m = normal.next(Duration.ofSeconds(10));
                  if (m == null) {
                    return;
                  }
                  if (m.messageTypeId() == 9) {
                    synchronized (received) {
                      received.add(m);
                    }
                  }
                }
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    reader.start();
    long started = System.nanoTime();
    long maxQueued = 0;
    SessionInfo stalledInfo = null;
    for (int i = 0; i < frames; i++) {
      byte[] frame = new byte[frameSize];
      frame[0] = (byte) (i % 50 == 0 ? 0x17 : 0x27);
      frame[1] = 1;
      frame[2] = (byte) i;
      publisher.send(new VideoData(frame), 7, pub, i * 40L);
      maxQueued = Math.max(maxQueued, largestPlayerQueueBytes());
      // paced like a fast live source (200 frames/s, 32 Mbit/s) so that the normal player,
      // which reads continuously, never falls behind on a loaded CI machine
      Thread.sleep(5);
    }
    long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    reader.join(20_000);

    assertEquals(frames, received.size(), "the normal player got every frame");
    for (int i = 0; i < frames; i++) {
      assertEquals((byte) i, received.get(i).payload()[2], "in order, none missing");
    }
    assertTrue(
        maxQueued <= PLAYER_QUEUE_LIMIT,
        "stalled player's queue " + maxQueued + " within " + PLAYER_QUEUE_LIMIT);
    for (SessionInfo s : engine.sessions()) {
      if (s.playing().contains("live/cam") && s.droppedFrames() > 0) {
        stalledInfo = s;
      }
    }
    assertNotNull(stalledInfo, "frames were dropped for the stalled player");
    // The publisher never waited on the stalled player: pushing 8 MB over loopback took the
    // same order of time as the normal player needed to read it (generous bound, not a timing
    // benchmark: a blocked publisher would stall until the 10 s read timeout).
    assertTrue(publishMillis < 8000, "publisher took " + publishMillis + " ms");
    CommandMessage ok = publisher.call(0, "getStreamLength", null, "cam");
    assertEquals("_result", ok.name(), "publisher connection still responsive");
  }

  /** The media bytes queued for the player with the most queued. */
  private long largestPlayerQueueBytes() {
    long max = 0;
    for (SessionInfo s : engine.sessions()) {
      if (!s.playing().isEmpty()) {
        var session = engine.session(s.id());
        if (session != null) {
          max = Math.max(max, session.queuedMediaBytes());
        }
      }
    }
    return max;
  }

  private int waitForSessions(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (engine.sessionCount() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return engine.sessionCount();
  }
}
