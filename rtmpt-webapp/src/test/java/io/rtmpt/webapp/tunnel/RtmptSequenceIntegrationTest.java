package io.rtmpt.webapp.tunnel;

import static io.rtmpt.webapp.tunnel.RtmptServletIntegrationTest.bytes;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rtmpt.webapp.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request bodies reach the peer in sequence order, exactly once, whatever order they arrive in. */
class RtmptSequenceIntegrationTest {

  @RegisterExtension final TunnelServers servers = new TunnelServers();
  private TunnelServer server;

  @Test
  void requestArrivingBeforeItsPredecessorWaitsForIt() throws Exception {
    server = servers.start();
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      // Both connections are the session's own before seq 2 overtakes seq 1 (a request ahead of
      // its turn on a connection never seen, with none in flight, would mean the missing one was
      // lost: RtmptLostRequestIntegrationTest).
      second.post("/send/" + id + "/0", "a".getBytes(US_ASCII));

      CompletableFuture<RawResponse> third = servers.postLater(second, "/send/" + id + "/2", "c");
      Await.until(
          "seq 2 has arrived", Duration.ofSeconds(5), () -> server.info(id).requests() == 2);
      assertArrayEquals(
          "a".getBytes(US_ASCII), peer.written(), "seq 2 must not be fed before seq 1");
      assertFalse(third.isDone());

      RawResponse secondReply = first.post("/send/" + id + "/1", "b".getBytes(US_ASCII));

      RawResponse thirdReply = third.get(5, TimeUnit.SECONDS);
      assertArrayEquals("abc".getBytes(US_ASCII), peer.written());
      assertArrayEquals(bytes(0x01, "b"), secondReply.body());
      assertArrayEquals(bytes(0x01, "c"), thirdReply.body());
    }
  }

  @Test
  void duplicateSequenceNumberIsAnsweredButNotFedTwice() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);

      RawResponse original = connection.post("/send/" + id + "/0", "chunk".getBytes(US_ASCII));
      RawResponse retry = connection.post("/send/" + id + "/0", "chunk".getBytes(US_ASCII));
      RawResponse next = connection.post("/send/" + id + "/1", "more".getBytes(US_ASCII));

      assertArrayEquals(bytes(0x01, "chunk"), original.body());
      assertEquals(200, retry.status());
      assertArrayEquals(new byte[] {0x01}, retry.body(), "a duplicate gets only the polling byte");
      assertArrayEquals(bytes(0x01, "more"), next.body());
      assertArrayEquals("chunkmore".getBytes(US_ASCII), peer.written());
      assertEquals(
          1, server.registry().statistics().errors().get(RtmptErrorKind.DUPLICATE_SEQUENCE));
    }
  }

  @Test
  void staleSequenceNumberIsNotFed() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      connection.post("/send/" + id + "/1", "b".getBytes(US_ASCII));

      RawResponse stale = connection.post("/send/" + id + "/0", "x".getBytes(US_ASCII));

      assertEquals(200, stale.status());
      assertArrayEquals("ab".getBytes(US_ASCII), server.peers().peer(id).written());
    }
  }

  @Test
  void sequenceMayStartAtZeroLikeFfmpegOrAtOneLikeTheRed5Client() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String fromZero = server.open(connection);
      String fromOne = server.open(connection);

      for (int i = 0; i < 3; i++) {
        assertArrayEquals(
            bytes(0x01, "z" + i),
            connection.post("/send/" + fromZero + "/" + i, ("z" + i).getBytes(US_ASCII)).body());
        assertArrayEquals(
            bytes(0x01, "o" + i),
            connection
                .post("/send/" + fromOne + "/" + (i + 1), ("o" + i).getBytes(US_ASCII))
                .body());
      }

      assertArrayEquals("z0z1z2".getBytes(US_ASCII), server.peers().peer(fromZero).written());
      assertArrayEquals("o0o1o2".getBytes(US_ASCII), server.peers().peer(fromOne).written());
    }
  }

  @Test
  void sequenceNumberTooFarAheadIsRefusedAndTheSessionGoesOn() throws Exception {
    server = servers.start("rtmpt.reorder-window", "4");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", "a".getBytes(US_ASCII));

      RawResponse tooFar = connection.post("/send/" + id + "/6", "x".getBytes(US_ASCII));
      RawResponse next = connection.post("/send/" + id + "/1", "b".getBytes(US_ASCII));

      assertEquals(400, tooFar.status());
      assertArrayEquals(bytes(0x01, "b"), next.body());
      assertArrayEquals("ab".getBytes(US_ASCII), server.peers().peer(id).written());
    }
  }

  @Test
  void predecessorThatNeverComesFailsTheSessionAfterTheReorderTimeout() throws Exception {
    server = servers.start("rtmpt.reorder-timeout-ms", "300");
    try (RawHttpConnection first = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));

      // On the connection the session already uses: a gap there is waited for (on a new one,
      // with nothing in flight, it would be taken as lost: RtmptLostRequestIntegrationTest).
      RawResponse orphan = first.post("/send/" + id + "/2", "c".getBytes(US_ASCII));

      assertEquals(404, orphan.status());
      assertArrayEquals("a".getBytes(US_ASCII), peer.written());
      Await.until("the peer is closed", Duration.ofSeconds(5), () -> peer.closeCalls() == 1);
      assertEquals(404, first.post("/send/" + id + "/1", "b".getBytes(US_ASCII)).status());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.REORDER_TIMEOUT));
    }
  }

  @Test
  void closeWithoutSequenceNumberLikeHaishinKitEndsTheSession() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", "a".getBytes(US_ASCII));

      RawResponse close = connection.post("/close/" + id, new byte[0]);

      assertEquals(200, close.status());
      assertEquals(1, close.body().length);
      Await.until(
          "the peer is closed",
          Duration.ofSeconds(5),
          () -> server.peers().peer(id).closeCalls() == 1);
      assertEquals(404, connection.post("/idle/" + id + "/1", new byte[] {0}).status());
    }
  }

  /**
   * A client posting in parallel has a request in flight when a later one arrives first: here an
   * idle the server holds. (With none in flight, a later request on a new connection means that the
   * missing ones were lost: RtmptLostRequestIntegrationTest.)
   */
  @Test
  void manyRequestsArrivingInReverseOrderAreFedInOrder() throws Exception {
    server = servers.start("rtmpt.reorder-window", "8", "rtmpt.idle-hold-ms", "30000");
    RawHttpConnection[] connections = new RawHttpConnection[10];
    try (RawHttpConnection opener = server.connect()) {
      String id = server.open(opener);
      opener.post("/send/" + id + "/0", "0".getBytes(US_ASCII));
      CompletableFuture<RawResponse> held = servers.postLater(opener, "/idle/" + id + "/1");
      Await.until(
          "idle 1 is held",
          Duration.ofSeconds(5),
          () -> server.info(id).state() == RtmptSessionInfo.State.HOLDING);
      CompletableFuture<?>[] replies = new CompletableFuture<?>[8];
      for (int seq = 9; seq >= 2; seq--) {
        connections[seq] = server.connect();
        int arrived = 2 + 10 - seq;
        replies[seq - 2] =
            servers.postLater(connections[seq], "/send/" + id + "/" + seq, String.valueOf(seq));
        if (seq > 2) {
          Await.until(
              "seq " + seq + " has arrived",
              Duration.ofSeconds(5),
              () -> server.info(id).requests() == arrived);
          assertArrayEquals("0".getBytes(US_ASCII), server.peers().peer(id).written());
          assertEquals(
              200, held.get(5, TimeUnit.SECONDS).status(), "the first arrival released idle 1");
        }
      }

      CompletableFuture.allOf(replies).get(5, TimeUnit.SECONDS);

      assertArrayEquals("023456789".getBytes(US_ASCII), server.peers().peer(id).written());
    } finally {
      for (RawHttpConnection connection : connections) {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }

  @Test
  void concurrentRequestsOnFourConnectionsAreFedInSequenceOrderAndEachAnsweredOnce()
      throws Exception {
    server = servers.start();
    int connections = 4;
    int requestsPerConnection = 50;
    try (RawHttpConnection opener = server.connect()) {
      String id = server.open(opener);
      // The first request fixes the baseline (0 or 1, whichever comes first), so it goes alone.
      opener.post("/send/" + id + "/0", new byte[] {0});
      // Each connection carries one request in turn before they go in parallel: a request ahead
      // of its turn on a connection the session has never seen, with none in flight, would mean
      // that the ones before it were lost (RtmptLostRequestIntegrationTest).
      RawHttpConnection[] open = new RawHttpConnection[connections];
      for (int c = 0; c < connections; c++) {
        open[c] = server.connect();
        int seq = c + 1;
        assertEquals(
            200,
            open[c]
                .post("/" + command(seq) + "/" + id + "/" + seq, new byte[] {(byte) seq})
                .status());
      }
      List<CompletableFuture<Integer>> clients = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int first = c + 1 + connections;
        RawHttpConnection mine = open[c];
        clients.add(
            servers.later(
                () -> {
                  int answered = 0;
                  try (RawHttpConnection connection = mine) {
                    for (int seq = first;
                        seq <= connections * requestsPerConnection;
                        seq += connections) {
                      String command = command(seq);
                      RawResponse reply =
                          connection.post(
                              "/" + command + "/" + id + "/" + seq, new byte[] {(byte) seq});
                      if (reply.status() != 200) {
                        throw new AssertionError(
                            command + " seq " + seq + " answered " + reply.statusLine());
                      }
                      answered++;
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  return answered;
                }));
      }

      int answered = connections;
      for (CompletableFuture<Integer> client : clients) {
        answered += client.get(30, TimeUnit.SECONDS);
      }

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int seq = 0; seq <= connections * requestsPerConnection; seq++) {
        if (seq % 3 != 2) {
          expected.write(seq);
        }
      }
      assertEquals(connections * requestsPerConnection, answered);
      assertArrayEquals(expected.toByteArray(), server.peers().peer(id).written());
      assertEquals(
          0, server.registry().statistics().errors().get(RtmptErrorKind.DUPLICATE_SEQUENCE));
    }
  }

  private static String command(int seq) {
    return seq % 3 == 2 ? "idle" : "send";
  }
}
