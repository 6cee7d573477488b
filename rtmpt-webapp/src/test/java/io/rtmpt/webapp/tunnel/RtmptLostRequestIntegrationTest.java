package io.rtmpt.webapp.tunnel;

import static io.rtmpt.webapp.tunnel.RtmptServletIntegrationTest.bytes;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the tunnel repairs after a request failed on the way, replaying what ffmpeg does then
 * (client-behaviour.md, libavformat/rtmphttp.c): it posts the failed request's body again, in front
 * of anything new, as a {@code /send} with the next number on a new connection. Whether the server
 * saw the failed request decides the repair: a gap means it was lost (the missing numbers are not
 * waited for, and an idle's stray {@code 0x00} is not fed); no gap means its reply was lost (the
 * repeated bytes are not fed again, and the lost reply is sent again). The reorder timeout is long
 * here, so that any wait for a lost request would show.
 */
class RtmptLostRequestIntegrationTest {

  private static final String SLOW_REORDER = "60000";

  @RegisterExtension final TunnelServers servers = new TunnelServers();

  @Test
  void aSendOnANewConnectionAfterALostIdleRunsAtOnceWithoutTheIdlesStrayZero() throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    server.peers().mode(FakePeer.Mode.READABLE_LATER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect();
        LogCapture log = LogCapture.of("io.rtmpt.webapp.tunnel")) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      // idle seq 1 dies with the first connection before it reaches the server
      peer.makeReadable("media".getBytes(US_ASCII));

      RawResponse retry = second.post("/send/" + id + "/2", bytes(0x00, "ack"));

      assertEquals(200, retry.status());
      assertArrayEquals(bytes(0x01, "media"), retry.body());
      assertArrayEquals("aack".getBytes(US_ASCII), peer.written(), "no stray 0x00 fed");
      RawResponse next = second.post("/idle/" + id + "/3", new byte[] {0});
      assertEquals(200, next.status(), "the session goes on");
      assertTrue(
          log.messages().stream()
              .anyMatch(m -> m.contains("taking the 1 request(s) before it as lost")),
          log.messages().toString());
    }
  }

  @Test
  void aCloseOnANewConnectionAfterALostSendClosesAtOnce() throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      // send seq 1 is lost; ffmpeg's publisher then gives up and posts /close on a new connection

      RawResponse close = second.post("/close/" + id + "/2", new byte[] {0});

      assertEquals(200, close.status());
      Await.until(
          "the session is closed",
          Duration.ofSeconds(5),
          () -> server.registry().session(id).isEmpty());
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.CLIENT_CLOSE));
    }
  }

  @Test
  void aSendRepeatingTheLastBodyOnANewConnectionIsNotFedAgainAndGetsTheLostReplyAgain()
      throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    server.peers().mode(FakePeer.Mode.READABLE_LATER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      peer.makeReadable("lost".getBytes(US_ASCII));
      RawResponse lost = first.post("/send/" + id + "/1", "bc".getBytes(US_ASCII));
      assertArrayEquals(bytes(0x01, "lost"), lost.body(), "the reply the client never gets");
      peer.makeReadable("new".getBytes(US_ASCII));

      RawResponse retry = second.post("/send/" + id + "/2", "bcd".getBytes(US_ASCII));

      assertArrayEquals("abcd".getBytes(US_ASCII), peer.written(), "bc is not fed twice");
      assertArrayEquals(bytes(0x01, "lost"), retry.body(), "the lost reply comes again");
      assertArrayEquals(
          bytes(0x01, "new"), second.post("/idle/" + id + "/3", new byte[] {0}).body());
    }
  }

  @Test
  void aSendOfTheStrayZeroAfterAnIdleWhoseReplyWasLostGetsThatReplyAgain() throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    server.peers().mode(FakePeer.Mode.READABLE_LATER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      peer.makeReadable("frame".getBytes(US_ASCII));
      first.post("/idle/" + id + "/1", new byte[] {0}); // its reply is lost

      RawResponse retry = second.post("/send/" + id + "/2", new byte[] {0});

      assertArrayEquals("a".getBytes(US_ASCII), peer.written(), "no stray 0x00 fed");
      assertArrayEquals(bytes(0x01, "frame"), retry.body());
    }
  }

  @Test
  void anIdleOnANewConnectionAfterAnIdleIsNoRepeat() throws Exception {
    TunnelServer server = servers.start("rtmpt.idle-hold-ms", "0");
    server.peers().mode(FakePeer.Mode.READABLE_LATER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      peer.makeReadable("one".getBytes(US_ASCII));
      assertArrayEquals(
          bytes(0x01, "one"), first.post("/idle/" + id + "/1", new byte[] {0}).body());

      // A client that moved to a new connection for no failure (after Connection: close).
      RawResponse idle = second.post("/idle/" + id + "/2", new byte[] {0});

      assertEquals(1, idle.body().length, "only the polling byte: nothing sent twice");
    }
  }

  @Test
  void aGapWhileARequestIsHeldIsWaitedForEvenOnANewConnection() throws Exception {
    TunnelServer server =
        servers.start("rtmpt.idle-hold-ms", "30000", "rtmpt.reorder-timeout-ms", SLOW_REORDER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect();
        RawHttpConnection third = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      CompletableFuture<RawResponse> held = servers.postLater(first, "/idle/" + id + "/1");
      Await.until(
          "idle 1 is held",
          Duration.ofSeconds(5),
          () -> server.info(id).state() == RtmptSessionInfo.State.HOLDING);

      CompletableFuture<RawResponse> ahead = servers.postLater(second, "/send/" + id + "/3", "c");
      assertEquals(200, held.get(5, TimeUnit.SECONDS).status());
      Await.until("seq 3 waits", Duration.ofSeconds(5), () -> server.info(id).requests() == 3);
      assertFalse(ahead.isDone(), "seq 3 waits for seq 2: idle 1 was in flight");

      assertEquals(200, third.post("/send/" + id + "/2", "b".getBytes(US_ASCII)).status());
      assertEquals(200, ahead.get(5, TimeUnit.SECONDS).status());
      assertArrayEquals("abc".getBytes(US_ASCII), peer.written());
    }
  }

  @Test
  void aSendTakenAsLostThatArrivesAfterLaterBytesEndsTheSession() throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect();
        RawHttpConnection third = server.connect();
        LogCapture log = LogCapture.of("io.rtmpt.webapp.tunnel")) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      assertEquals(200, second.post("/send/" + id + "/2", "c".getBytes(US_ASCII)).status());

      RawResponse late = third.post("/send/" + id + "/1", "b".getBytes(US_ASCII));

      assertEquals(404, late.status());
      assertArrayEquals("ac".getBytes(US_ASCII), peer.written(), "b is never fed after c");
      assertEquals(
          1, server.registry().statistics().sessionsClosed().get(RtmptCloseReason.OUT_OF_ORDER));
      assertTrue(
          log.warnings().stream().anyMatch(w -> w.contains("cannot be fed in order")),
          log.warnings().toString());
    }
  }

  @Test
  void anIdleTakenAsLostThatArrivesLateIsAnsweredAsADuplicate() throws Exception {
    TunnelServer server = servers.start("rtmpt.reorder-timeout-ms", SLOW_REORDER);
    try (RawHttpConnection first = server.connect();
        RawHttpConnection second = server.connect();
        RawHttpConnection third = server.connect()) {
      String id = server.open(first);
      FakePeer peer = server.peers().peer(id);
      first.post("/send/" + id + "/0", "a".getBytes(US_ASCII));
      assertEquals(200, second.post("/send/" + id + "/2", "c".getBytes(US_ASCII)).status());

      RawResponse late = third.post("/idle/" + id + "/1", new byte[] {0});

      assertEquals(200, late.status());
      assertArrayEquals(new byte[] {0x01}, late.body());
      assertArrayEquals("ac".getBytes(US_ASCII), peer.written());
      assertEquals(200, second.post("/idle/" + id + "/3", new byte[] {0}).status());
    }
  }
}
