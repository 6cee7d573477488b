package io.rtmpt.webapp.tunnel;

import static io.rtmpt.webapp.tunnel.RtmptServletIntegrationTest.bytes;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How sessions end: timeout, limits, peer failure or close, admin close, shutdown. */
class RtmptSessionLifecycleIntegrationTest {

  @RegisterExtension final TunnelServers servers = new TunnelServers();
  private TunnelServer server;

  @Test
  void sessionWithoutRequestsIsReapedAndItsPeerClosed() throws Exception {
    server = servers.start("rtmpt.session-timeout-ms", "300");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);

      Await.until(
          "the idle session is reaped", Duration.ofSeconds(5), () -> peer.closeCalls() == 1);

      assertTrue(server.registry().sessions().isEmpty());
      assertEquals(404, connection.post("/idle/" + id + "/0", new byte[] {0}).status());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.SESSION_TIMEOUT));
    }
  }

  @Test
  void sessionThatKeepsPollingIsNotReaped() throws Exception {
    server = servers.start("rtmpt.session-timeout-ms", "300", "rtmpt.idle-hold-ms", "100");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
      for (int seq = 0; System.nanoTime() < end; seq++) {
        assertEquals(200, connection.post("/idle/" + id + "/" + seq, new byte[] {0}).status());
      }

      assertEquals(0, server.peers().peer(id).closeCalls());
      assertEquals(1, server.registry().sessions().size());
    }
  }

  @Test
  void sessionsOverTheTotalLimitAreRefusedWithServiceUnavailable() throws Exception {
    server = servers.start("rtmpt.max-sessions", "2", "rtmpt.max-sessions-per-address", "10");
    try (RawHttpConnection connection = server.connect()) {
      String first = server.open(connection);
      server.open(connection);

      assertEquals(503, connection.post("/open/1", new byte[] {0}).status());
      assertEquals(2, server.peers().peers().size(), "no peer is opened for a refused session");

      connection.post("/close/" + first + "/0", new byte[] {0});
      Await.until(
          "the closed session is gone",
          Duration.ofSeconds(5),
          () -> server.registry().sessions().size() == 1);
      assertEquals(200, connection.post("/open/1", new byte[] {0}).status());
      assertEquals(1, server.registry().statistics().errors().get(RtmptErrorKind.SESSION_LIMIT));
    }
  }

  @Test
  void sessionsOverThePerAddressLimitAreRefusedForThatAddressOnly() throws Exception {
    server = servers.start("rtmpt.max-sessions", "10", "rtmpt.max-sessions-per-address", "2");
    try (RawHttpConnection local = server.connect();
        RawHttpConnection other = new RawHttpConnection("127.0.0.1", server.port(), "127.0.0.2")) {
      server.open(local);
      server.open(local);

      assertEquals(503, local.post("/open/1", new byte[] {0}).status());
      assertEquals(200, other.post("/open/1", new byte[] {0}).status());
      assertEquals(1, server.registry().statistics().errors().get(RtmptErrorKind.ADDRESS_LIMIT));
    }
  }

  @Test
  void peerWriteFailureClosesThatSessionOnlyAndAnswersNotFound() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String broken = server.open(connection);
      String healthy = server.open(connection);
      FakePeer brokenPeer = server.peers().peer(broken);
      brokenPeer.failWrites(new IOException("backend rejected the bytes"));

      RawResponse failed = connection.post("/send/" + broken + "/0", "x".getBytes(US_ASCII));
      RawResponse fine = connection.post("/send/" + healthy + "/0", "y".getBytes(US_ASCII));

      assertEquals(404, failed.status());
      assertArrayEquals(bytes(0x01, "y"), fine.body());
      assertEquals(1, brokenPeer.closeCalls());
      assertEquals(404, connection.post("/idle/" + broken + "/1", new byte[] {0}).status());
      assertArrayEquals(
          bytes(0x01, "z"),
          connection.post("/send/" + healthy + "/1", "z".getBytes(US_ASCII)).body());
      assertEquals(0, server.peers().peer(healthy).closeCalls());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.PEER_FAILED));
    }
  }

  @Test
  void peerRefusingTheBytesAsAProtocolErrorIsCountedApartFromAFailure() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);
      peer.failWrites(new ProtocolException("chunk stream 5: type 1 header before any type 0"));

      RawResponse refused = connection.post("/send/" + id + "/0", "x".getBytes(US_ASCII));

      assertEquals(404, refused.status());
      assertEquals(1, peer.closeCalls());
      RtmptStatistics statistics = server.registry().statistics();
      assertEquals(1, statistics.sessionsClosed().get(RtmptCloseReason.PROTOCOL_ERROR));
      assertEquals(0, statistics.sessionsClosed().get(RtmptCloseReason.PEER_FAILED));
      assertEquals(1, statistics.errors().get(RtmptErrorKind.PROTOCOL_ERROR));
      assertEquals(0, statistics.errors().get(RtmptErrorKind.PEER_FAILED));
    }
  }

  @Test
  void peerClosingItselfStillDeliversItsLastBytesThenTheSessionIsGone() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);
      peer.makeReadable("_error NetConnection.Connect.Rejected".getBytes(US_ASCII));
      peer.closeSelf();

      RawResponse last = connection.post("/idle/" + id + "/0", new byte[] {0});
      RawResponse after = connection.post("/idle/" + id + "/1", new byte[] {0});

      assertArrayEquals(bytes(0x01, "_error NetConnection.Connect.Rejected"), last.body());
      assertEquals(404, after.status());
      assertTrue(server.registry().sessions().isEmpty());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.PEER_CLOSED));
    }
  }

  @Test
  void aPeerThatClosesWithNothingLeftEndsItsSessionWithoutWaitingForTheSessionTimeout()
      throws Exception {
    server = servers.start("rtmpt.session-timeout-ms", "60000");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);
      connection.post("/send/" + id + "/0", "a".getBytes(US_ASCII)); // echoed back: drained

      peer.closeSelf(); // a backend gone; the client is between requests

      Await.until(
          "the session ended within a reaper period (1 s), not the 60 s session timeout",
          Duration.ofSeconds(3),
          () -> server.registry().sessions().isEmpty());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.PEER_CLOSED));
      assertEquals(404, connection.post("/idle/" + id + "/1", new byte[] {0}).status());
    }
  }

  @Test
  void adminCloseEndsTheSessionAndItsPeer() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      assertTrue(server.registry().close(id));

      assertEquals(1, server.peers().peer(id).closeCalls());
      assertFalse(server.registry().close(id));
      assertEquals(404, connection.post("/idle/" + id + "/0", new byte[] {0}).status());
      assertEquals(1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.ADMIN));
    }
  }

  @Test
  void adminCloseAnswersAHeldIdleWithNotFound() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", "30000");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      CompletableFuture<RawResponse> idle = servers.postLater(connection, "/idle/" + id + "/0");
      Await.until(
          "the idle is held",
          Duration.ofSeconds(5),
          () -> server.info(id).state() == RtmptSessionInfo.State.HOLDING);

      server.registry().close(id);

      assertEquals(404, idle.get(5, TimeUnit.SECONDS).status());
    }
  }

  @Test
  void closingTheRegistryEndsEverySessionAndRefusesNewOnes() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String first = server.open(connection);
      String second = server.open(connection);

      server.registry().close();

      assertEquals(1, server.peers().peer(first).closeCalls());
      assertEquals(1, server.peers().peer(second).closeCalls());
      assertTrue(server.registry().sessions().isEmpty());
      assertEquals(503, connection.post("/open/1", new byte[] {0}).status());
      assertEquals(
          2, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.SHUTDOWN));
    }
  }
}
