package io.rtmpt.engine.session;

import static io.rtmpt.engine.testing.RtmpScript.statusCodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's timers on a fake clock: pings to quiet peers and the close of those that do not
 * answer, the handshake timeout, a player's wait for a publisher, and a publisher taking a quiet
 * one's name over. Nothing runs by itself here: the test moves the clock and calls {@link
 * ServerSession#tick}, as a transport's timer would.
 */
class ServerSessionTickTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  /** nginx-rtmp's ping settings, round numbers for the arithmetic below (ours: 20 s, 30 s). */
  private static EngineConfig.Builder config() {
    return EngineConfig.builder()
        .pingInterval(Duration.ofSeconds(60))
        .pingTimeout(Duration.ofSeconds(30));
  }

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<RtmpScript<SessionLink>> clients = new ArrayList<>();
  private RtmpEngine engine = engine(config().build());

  @AfterEach
  void nothingLeftOver() throws IOException {
    for (RtmpScript<SessionLink> client : clients) {
      client.assertExhausted();
    }
  }

  private RtmpEngine engine(EngineConfig config) {
    return new RtmpEngine(config, EngineListener.NONE, StreamGate.ALLOW_ALL, clock::get);
  }

  /** Moves the clock on by {@code d} and ticks every open session. */
  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
    for (RtmpScript<SessionLink> c : clients) {
      c.link().session().tick();
    }
  }

  private RtmpScript<SessionLink> open() throws IOException {
    RtmpScript<SessionLink> client = RtmpScript.start(SessionLink.open(engine));
    clients.add(client);
    return client;
  }

  /** A client that connected and read the replies. */
  private RtmpScript<SessionLink> connected() throws IOException {
    RtmpScript<SessionLink> client = open();
    assertEquals("_result", client.connectApp("live").name());
    client.receive();
    return client;
  }

  private static ServerSession session(RtmpScript<SessionLink> client) {
    return client.link().session();
  }

  @Test
  void aQuietPeerIsPingedAfterTheIntervalAndClosedWhenNothingAnswersWithinTheTimeout()
      throws Exception {
    RtmpScript<SessionLink> client = connected();
    advance(Duration.ofSeconds(59));
    assertEquals(List.of(), client.receiveMessages());

    advance(SECOND);
    assertEquals(List.of(UserControl.pingRequest(60_000)), client.receiveMessages());
    assertEquals(1, session(client).pingsSent());

    advance(Duration.ofSeconds(29)); // the ping itself went out: that is no answer
    assertFalse(session(client).isClosed());
    advance(SECOND);
    assertTrue(session(client).isClosed());
    assertEquals(
        "no answer to a ping within 30000 ms (nothing received for 90000 ms)",
        session(client).closeReason());
    assertEquals(0, engine.sessionCount());
  }

  @Test
  void aPingResponseKeepsThePeerAndTheNextPingComesAnIntervalAfterIt() throws Exception {
    RtmpScript<SessionLink> client = connected();
    for (int round = 1; round <= 3; round++) {
      advance(Duration.ofSeconds(60));
      List<RtmpMessage> got = client.receiveMessages();
      assertEquals(1, got.size(), got.toString());
      UserControl ping = (UserControl) got.get(0);
      assertEquals(UserControl.PING_REQUEST, ping.eventType());
      advance(Duration.ofSeconds(29));
      client.send(UserControl.pingResponse(ping.value()), 2, 0, 0);
      advance(Duration.ofSeconds(30));
      assertFalse(session(client).isClosed(), "round " + round);
      assertEquals(List.of(), client.receiveMessages());
      advance(Duration.ofSeconds(1)); // back to a full interval after the response
    }
    assertEquals(3, session(client).pingsSent());
    assertEquals(3, session(client).pongsReceived());
  }

  @Test
  void anyByteFromThePeerAnswersAPing() throws Exception {
    RtmpScript<SessionLink> client = connected();
    advance(Duration.ofSeconds(60));
    assertEquals(
        UserControl.PING_REQUEST, ((UserControl) client.receiveMessages().get(0)).eventType());
    advance(Duration.ofSeconds(20));
    client.createStream(); // not a Ping Response, but proof of life
    advance(Duration.ofSeconds(20));
    assertFalse(session(client).isClosed());
    assertEquals(0, session(client).pongsReceived());
  }

  /**
   * Issue requirement: a healthy player that only acknowledges every 2.5 MB is never cut, and never
   * even pinged, while media flows to it; nor is its publisher.
   */
  @Test
  void bytesFlowingEitherWayKeepPlayerAndPublisherAliveWithoutAPing() throws Exception {
    RtmpScript<SessionLink> publisher = connected();
    int pub = publisher.createStream();
    publisher.publish(pub, "radio");
    publisher.receive();
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "radio");
    player.receive();
    publisher.send(new AudioData(Media.aacHeader()), 6, pub, 0);
    player.receive();
    for (int s = 1; s <= 600; s++) { // ten minutes, one frame every 10 s: a very thin stream
      clock.addAndGet(SECOND.toNanos());
      if (s % 10 == 0) {
        publisher.send(new AudioData(Media.aac(100)), 6, pub, s * 100L);
        assertEquals(1, player.receive().size(), "frame at " + s);
      }
      session(publisher).tick();
      session(player).tick();
    }
    assertEquals(0, session(player).pingsSent());
    assertEquals(0, session(publisher).pingsSent());
    assertFalse(session(player).isClosed());
    assertEquals(List.of(), publisher.receive(), "no acknowledgement due yet, no ping");
  }

  @Test
  void aPlayerThatStopsReadingIsPingedOnceNothingIsTakenAndThenClosed() throws Exception {
    RtmpScript<SessionLink> publisher = connected();
    int pub = publisher.createStream();
    publisher.publish(pub, "cam");
    publisher.receive();
    RtmpScript<SessionLink> stalled = connected();
    int ps = stalled.createStream();
    stalled.play(ps, "cam");
    stalled.receive();
    for (int s = 1; s <= 90; s++) { // it reads nothing from now on
      publisher.send(new AudioData(Media.aac(100)), 6, pub, s * 1000L);
      advance(SECOND);
    }
    assertTrue(session(stalled).isClosed());
    assertEquals(1, session(stalled).pingsSent());
    assertTrue(session(stalled).closeReason().startsWith("no answer to a ping within 30000 ms"));
    assertFalse(session(publisher).isClosed());
    clients.remove(stalled); // its unread media is dropped with it
  }

  @Test
  void aSessionThatHasNotConnectedWithinTheHandshakeTimeoutIsClosed() throws Exception {
    RtmpScript<SessionLink> client = open();
    advance(Duration.ofMillis(9_999));
    assertFalse(session(client).isClosed());
    advance(Duration.ofMillis(1));
    assertTrue(session(client).isClosed());
    assertEquals("no connect within 10000 ms", session(client).closeReason());
  }

  @Test
  void aConnectedSessionHasNoHandshakeTimeout() throws Exception {
    RtmpScript<SessionLink> client = connected();
    advance(Duration.ofSeconds(59));
    assertFalse(session(client).isClosed());
  }

  @Test
  void aPlayerWaitsForeverByDefault() throws Exception {
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "later");
    player.receive();
    for (int minute = 1; minute <= 60; minute++) {
      advance(Duration.ofSeconds(60));
      UserControl ping = (UserControl) player.receiveMessages().get(0);
      player.send(UserControl.pingResponse(ping.value()), 2, 0, 0);
    }
    assertEquals(List.of("live/later"), session(player).info().playing());
  }

  @Test
  void aPlayerThatWaitedPlayWaitForAPublisherIsToldStreamNotFound() throws Exception {
    engine = engine(config().playWait(Duration.ofSeconds(5)).build());
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "cam");
    player.receive();
    advance(SECOND); // the first tick notes the wait
    advance(Duration.ofSeconds(4));
    assertEquals(List.of(), player.receive());
    advance(SECOND);
    List<RtmpMessage> got = player.receiveMessages();
    assertEquals(List.of("NetStream.Play.StreamNotFound"), statusCodes(got));
    CommandMessage status = (CommandMessage) got.get(0);
    assertEquals("error", ((Map<?, ?>) status.argument(0)).get("level"));
    assertEquals(List.of(), session(player).info().playing());
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
    assertFalse(session(player).isClosed(), "the client decides: ffmpeg and librtmp end");
  }

  @Test
  void playWaitCountsFromThePublishersDepartureAndStopsWhileOneIsLive() throws Exception {
    engine = engine(config().playWait(Duration.ofSeconds(5)).build());
    RtmpScript<SessionLink> publisher = connected();
    int pub = publisher.createStream();
    publisher.publish(pub, "cam");
    publisher.receive();
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "cam");
    player.receive();
    for (int s = 0; s < 20; s++) { // live for 20 s: no wait counts
      publisher.send(new AudioData(Media.aac(10)), 6, pub, s * 1000L);
      advance(SECOND);
      player.receive();
    }
    session(publisher).close("encoder stops");
    clients.remove(publisher);
    for (int s = 1; s <= 5; s++) { // the first tick after the departure starts the wait
      advance(SECOND);
      assertEquals(List.of(), player.receive());
    }
    advance(SECOND);
    assertEquals(List.of("NetStream.Play.StreamNotFound"), statusCodes(player.receiveMessages()));
  }

  @Test
  void withPublishNotifyPlayersAreToldOfEachPublisherFlashStyle() throws Exception {
    engine = engine(config().publishNotify(true).build());
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "cam");
    player.receive();
    RtmpScript<SessionLink> publisher = connected();
    int pub = publisher.createStream();
    publisher.publish(pub, "cam");
    publisher.receive();
    List<RtmpMessage> published = player.receiveMessages();
    assertEquals(UserControl.streamBegin(ps), published.get(0));
    assertEquals(List.of("NetStream.Play.PublishNotify"), statusCodes(published));

    session(publisher).close("encoder stops");
    clients.remove(publisher);
    List<RtmpMessage> unpublished = player.receiveMessages();
    assertEquals(UserControl.streamEof(ps), unpublished.get(0));
    assertEquals(List.of("NetStream.Play.UnpublishNotify"), statusCodes(unpublished));
  }

  /** A publisher of live/cam that has sent its headers and a keyframe at 7 s. */
  private RtmpScript<SessionLink> publisherOfCam() throws IOException {
    RtmpScript<SessionLink> old = connected();
    int s1 = old.createStream();
    old.publish(s1, "cam");
    old.receive();
    old.send(new VideoData(Media.avcHeader()), 7, s1, 0);
    old.send(new VideoData(Media.keyframe(100)), 7, s1, 7000);
    return old;
  }

  /** A client that asked to publish live/cam; returns its stream id. */
  private static int askToPublishCam(RtmpScript<SessionLink> client) throws IOException {
    int s = client.createStream();
    client.invoke(s, "publish", null, "cam", "live");
    return s;
  }

  /**
   * Issue requirement: an encoder that reconnects is not refused while its old connection lingers.
   * Its publish waits until the old publisher has sent no frame for 2 s, then takes the name over.
   */
  @Test
  void aPublishWaitsUntilTheCurrentPublisherIsQuietForTwoSecondsAndTakesTheNameOver()
      throws Exception {
    RtmpScript<SessionLink> old = publisherOfCam();
    RtmpScript<SessionLink> player = connected();
    int ps = player.createStream();
    player.play(ps, "cam");
    player.receive();

    RtmpScript<SessionLink> successor = connected();
    advance(Duration.ofMillis(300));
    int s3 = askToPublishCam(successor);
    assertEquals(List.of(), successor.receive(), "no answer yet");
    advance(Duration.ofMillis(1699));
    assertEquals(List.of(), successor.receive(), "1999 ms without a frame: still waiting");
    advance(Duration.ofMillis(1));
    List<RtmpMessage> answer = successor.receiveMessages();
    assertEquals(UserControl.streamBegin(s3), answer.get(0));
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(answer));

    assertTrue(session(old).isClosing());
    old.send(new VideoData(Media.keyframe(666)), 7, 1, 7040); // still delivering: dropped
    assertTrue(session(old).isClosed());
    assertEquals(
        "publish of live/cam taken over by "
            + session(successor).describe()
            + " after 2000 ms without a frame",
        session(old).closeReason());
    clients.remove(old);

    successor.send(new VideoData(Media.avcHeader()), 7, s3, 0);
    successor.send(new VideoData(Media.keyframe(200)), 7, s3, 0);
    List<RawMessage> resumed = player.receive();
    assertEquals(UserControl.streamBegin(ps), MessageCodec.decode(resumed.get(0)));
    List<RawMessage> video =
        resumed.stream().filter(m -> m.messageTypeId() == MessageType.VIDEO.code()).toList();
    assertEquals(2, video.size(), "the old one's last frame never arrived: " + resumed);
    assertArrayEquals(Media.avcHeader(), video.get(0).payload());
    assertArrayEquals(Media.keyframe(200), video.get(1).payload());
    assertEquals(7001, video.get(0).timestamp(), "forward from the last frame the player had");
    assertEquals(
        session(successor).describe(),
        engine.streams().get(new StreamKey("live", "cam")).snapshot().publisher());
  }

  @Test
  void aPublishIsRefusedOnceTheCurrentPublisherSendsAFrame() throws Exception {
    RtmpScript<SessionLink> old = publisherOfCam();
    RtmpScript<SessionLink> rival = connected();
    advance(Duration.ofMillis(1500));
    askToPublishCam(rival);
    assertEquals(List.of(), rival.receive());
    advance(Duration.ofMillis(10));
    old.send(new VideoData(Media.interframe(50)), 7, 1, 7040);
    advance(Duration.ofMillis(10));
    assertEquals(List.of("NetStream.Publish.BadName"), statusCodes(rival.receiveMessages()));
    advance(Duration.ofSeconds(5));
    assertFalse(session(old).isClosing());
    assertEquals(List.of(), rival.receive(), "answered once");
  }

  @Test
  void aPublisherAlreadyQuietForTwoSecondsIsTakenOverAtOnce() throws Exception {
    RtmpScript<SessionLink> old = publisherOfCam();
    RtmpScript<SessionLink> successor = connected();
    clock.addAndGet(Duration.ofSeconds(2).toNanos()); // no tick: decided on the request itself
    askToPublishCam(successor);
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(successor.receiveMessages()));
    assertTrue(session(old).isClosing());
    clients.remove(old);
  }

  @Test
  void aWaitingPublishPublishesWhenTheCurrentPublisherLeaves() throws Exception {
    RtmpScript<SessionLink> old = publisherOfCam();
    RtmpScript<SessionLink> successor = connected();
    askToPublishCam(successor);
    assertEquals(List.of(), successor.receive());
    session(old).close("encoder stops");
    clients.remove(old);
    advance(Duration.ofMillis(10));
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(successor.receiveMessages()));
  }

  @Test
  void withTakeoverOffANameStaysWithItsPublisherHoweverQuiet() throws Exception {
    engine = engine(config().publishTakeover(false).build());
    RtmpScript<SessionLink> old = connected();
    int s1 = old.createStream();
    old.publish(s1, "cam");
    old.receive();
    RtmpScript<SessionLink> next = connected();
    clock.addAndGet(Duration.ofMinutes(10).toNanos());
    int s2 = next.createStream();
    assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(next.publish(s2, "cam")));
    assertFalse(session(old).isClosing());
  }

  @Test
  void aSessionNeverTakesOverItsOwnPublish() throws Exception {
    RtmpScript<SessionLink> client = connected();
    int s1 = client.createStream();
    client.publish(s1, "cam");
    client.receive();
    clock.addAndGet(Duration.ofMinutes(10).toNanos());
    int s2 = client.createStream();
    assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(client.publish(s2, "cam")));
    assertFalse(session(client).isClosing());
  }
}
