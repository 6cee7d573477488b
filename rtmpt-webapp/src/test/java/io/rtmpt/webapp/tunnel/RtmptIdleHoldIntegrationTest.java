package io.rtmpt.webapp.tunnel;

import static io.rtmpt.webapp.tunnel.RtmptServletIntegrationTest.bytes;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Empty {@code /idle} replies are held (long poll) so that rtmpdump's zero-delay poll loop does not
 * spin, and released at once when there is something to say.
 */
class RtmptIdleHoldIntegrationTest {

  /** Longer than any test waits: a reply that arrives at all was released, not timed out. */
  private static final String LONG_HOLD_MS = "30000";

  private static final long ANSWER_WITHIN_SECONDS = 5;

  @RegisterExtension final TunnelServers servers = new TunnelServers();
  private TunnelServer server;

  @Test
  void heldIdleIsReleasedAtOnceWhenThePeerHasData() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      CompletableFuture<RawResponse> idle = servers.postLater(connection, "/idle/" + id + "/0");
      awaitHolding(id);
      assertFalse(idle.isDone());

      server.peers().peer(id).makeReadable("onStatus".getBytes(US_ASCII));

      assertArrayEquals(
          bytes(0x01, "onStatus"), idle.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void heldIdleIsReleasedAtOnceByTheNextRequestOfTheSession() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      CompletableFuture<RawResponse> idle = servers.postLater(first, "/idle/" + id + "/0");
      awaitHolding(id);

      RawResponse send = second.post("/send/" + id + "/1", "ack".getBytes(US_ASCII));

      RawResponse released = idle.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
      assertEquals(200, released.status());
      assertEquals(1, released.body().length, "the idle was answered before the send was fed");
      assertArrayEquals(bytes(0x01, "ack"), send.body());
    }
  }

  @Test
  void heldIdleIsReleasedAtOnceWhenThePeerCloses() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      CompletableFuture<RawResponse> idle = servers.postLater(connection, "/idle/" + id + "/0");
      awaitHolding(id);

      server.peers().peer(id).closeSelf();

      RawResponse released = idle.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
      assertEquals(200, released.status());
      assertEquals(1, released.body().length);
      assertEquals(404, connection.post("/idle/" + id + "/1", new byte[] {0}).status());
    }
  }

  @Test
  void heldIdleIsAnsweredWithThePollingByteWhenTheHoldEnds() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", "300");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      long start = System.nanoTime();
      RawResponse idle = connection.post("/idle/" + id + "/0", new byte[] {0});
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertEquals(200, idle.status());
      assertArrayEquals(new byte[] {0x01}, idle.body());
      assertTrue(
          elapsedMillis >= 250, "answered after " + elapsedMillis + " ms, before the hold ended");
    }
  }

  @Test
  void sendIsNeverHeldEvenWithNothingToSendBack() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    server.peers().mode(FakePeer.Mode.READABLE_LATER);
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      for (int seq = 0; seq < 3; seq++) {
        CompletableFuture<RawResponse> send =
            servers.postLater(connection, "/send/" + id + "/" + seq);

        RawResponse reply = send.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, reply.status());
        assertEquals(1, reply.body().length);
      }
      assertEquals(3, server.peers().peer(id).written().length);
    }
  }

  @Test
  void idleWithPendingDataIsAnsweredWithoutHolding() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      server.peers().peer(id).makeReadable("S0S1S2".getBytes(US_ASCII));

      CompletableFuture<RawResponse> idle = servers.postLater(connection, "/idle/" + id + "/0");

      assertArrayEquals(
          bytes(0x01, "S0S1S2"), idle.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void closeReleasesAHeldIdleAndIsAnsweredToo() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      CompletableFuture<RawResponse> idle = servers.postLater(first, "/idle/" + id + "/0");
      awaitHolding(id);

      RawResponse close = second.post("/close/" + id + "/1", new byte[] {0});

      assertEquals(200, idle.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).status());
      assertEquals(200, close.status());
      Await.until(
          "the peer is closed",
          Duration.ofSeconds(5),
          () -> server.peers().peer(id).closeCalls() == 1);
    }
  }

  @Test
  void sessionKeepsWorkingAfterTheClientDroppedAHeldIdle() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", LONG_HOLD_MS);
    RawHttpConnection dropped = server.connect();
    String id = server.open(dropped);
    dropped.send("POST", "/idle/" + id + "/0", new byte[] {0});
    awaitHolding(id);
    dropped.close();

    try (RawHttpConnection connection = server.connect()) {
      RawResponse send = connection.post("/send/" + id + "/1", "more".getBytes(US_ASCII));

      assertArrayEquals(bytes(0x01, "more"), send.body());
    }
  }

  @Test
  void pollingByteClimbsWhileRepliesAreEmptyAndDropsOnData() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", "0");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      List<Integer> pollingBytes = new ArrayList<>();
      int seq = 0;
      for (; seq < 25; seq++) {
        pollingBytes.add(connection.post("/idle/" + id + "/" + seq, new byte[] {0}).pollingByte());
      }
      server.peers().peer(id).makeReadable(new byte[] {42});
      RawResponse withData = connection.post("/idle/" + id + "/" + seq++, new byte[] {0});
      RawResponse emptyAgain = connection.post("/idle/" + id + "/" + seq, new byte[] {0});

      for (int i = 0; i < 25; i++) {
        assertEquals(
            i < 10 ? 0x01 : i < 20 ? 0x03 : 0x05, pollingBytes.get(i), "empty reply #" + (i + 1));
      }
      assertArrayEquals(new byte[] {0x01, 42}, withData.body());
      assertEquals(0x01, emptyAgain.pollingByte());
    }
  }

  @Test
  void heldIdleCountsAsActivityAndIsNotReaped() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", "1000", "rtmpt.session-timeout-ms", "200");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      RawResponse idle = connection.post("/idle/" + id + "/0", new byte[] {0});

      assertEquals(200, idle.status());
      assertEquals(0, server.peers().peer(id).closeCalls());
      assertEquals(200, connection.post("/send/" + id + "/1", new byte[] {1}).status());
    }
  }

  /**
   * rtmpdump re-polls the instant a reply arrives (11,000-17,000 idles/s on loopback against
   * immediate empty replies). With the default hold the same loop must stay a trickle.
   */
  @Test
  void rtmpdumpStyleZeroDelayIdleLoopStaysUnderFiftyRequestsPerSecondWithTheDefaultHold()
      throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(2);
      int requests = 0;
      while (System.nanoTime() < deadline) {
        RawResponse idle = connection.post("/idle/" + id + "/" + requests, new byte[] {0});
        assertEquals(200, idle.status());
        requests++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double perSecond = requests / seconds;

      assertTrue(
          perSecond <= 50, requests + " idle requests in " + seconds + " s = " + perSecond + "/s");
      assertTrue(
          requests >= 2, "only " + requests + " idle requests were answered in " + seconds + " s");
    }
  }

  private void awaitHolding(String id) throws InterruptedException {
    Await.until(
        "session " + id + " holds an idle",
        Duration.ofSeconds(5),
        () -> server.info(id).state() == RtmptSessionInfo.State.HOLDING);
  }
}
