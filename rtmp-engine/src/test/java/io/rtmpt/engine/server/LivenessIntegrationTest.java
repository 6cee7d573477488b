package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pings over real sockets with short intervals: the Netty event loop ticks each session, a client
 * that leaves pings unanswered is closed within the configured time, one that answers stays, and a
 * player that only reads media is never pinged.
 */
class LivenessIntegrationTest {
  private static final Duration INTERVAL = Duration.ofMillis(300);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<Long, String> closeReasons = new ConcurrentHashMap<>();
  private RtmpEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private RtmpServer start() throws IOException {
    EngineListener recorder =
        new EngineListener() {
          @Override
          public void sessionClosed(SessionInfo session, String reason) {
            closeReasons.put(session.id(), reason);
          }
        };
    engine =
        new RtmpEngine(
            EngineConfig.builder().pingInterval(INTERVAL).pingTimeout(TIMEOUT).build(), recorder);
    RtmpServer server = new RtmpServer(engine, "127.0.0.1", 0).start();
    closeables.add(server);
    return server;
  }

  private RtmpScript<SocketLink> client(RtmpServer server) throws IOException {
    RtmpScript<SocketLink> c = RtmpScript.start(SocketLink.connect("127.0.0.1", server.port()));
    closeables.add(0, c);
    return c;
  }

  private static boolean isPingRequest(RawMessage m) {
    try {
      return m.messageTypeId() == MessageType.USER_CONTROL.code()
          && ((UserControl) MessageCodec.decode(m)).eventType() == UserControl.PING_REQUEST;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Issue requirement: a peer that stops answering pings is closed within the configured time. */
  @Test
  void aClientThatLeavesPingsUnansweredIsClosedWithinIntervalPlusTimeout() throws Exception {
    RtmpServer server = start();
    RtmpScript<SocketLink> mute = client(server);
    assertEquals("_result", mute.connectApp("live").name());
    long id = engine.sessions().get(0).id();
    long connected = System.nanoTime();

    // interval + timeout + ticks (75 ms each) is well under a second; 5 s allows for a loaded CI
    assertTrue(mute.awaitClosed(Duration.ofSeconds(5)), "closed after its ping went unanswered");
    long elapsedMillis = (System.nanoTime() - connected) / 1_000_000;

    assertEquals(1, mute.history().stream().filter(LivenessIntegrationTest::isPingRequest).count());
    awaitClosed(id);
    assertTrue(
        closeReasons.get(id).startsWith("no answer to a ping within 300 ms (nothing received for "),
        closeReasons.get(id));
    assertTrue(elapsedMillis >= 500, "not before interval + timeout: " + elapsedMillis + " ms");
  }

  @Test
  void aClientThatAnswersPingsStaysConnected() throws Exception {
    RtmpServer server = start();
    RtmpScript<SocketLink> polite = client(server);
    polite.connectApp("live");
    ServerSession session = engine.session(engine.sessions().get(0).id());
    int answered = 0;
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < end) {
      RawMessage m = polite.next(Duration.ofMillis(50));
      if (m != null && isPingRequest(m)) {
        UserControl ping = (UserControl) MessageCodec.decode(m);
        polite.send(UserControl.pingResponse(ping.value()), 2, 0, 0);
        answered++;
      }
    }
    assertTrue(answered >= 3, "pinged every 300 ms of quiet: " + answered);
    assertFalse(session.isClosed(), session.closeReason());
    assertEquals(answered, session.pongsReceived());
    assertTrue(closeReasons.isEmpty(), closeReasons.toString());
  }

  /** A player that never acknowledges nor answers, but reads what it is sent, is alive. */
  @Test
  void aPlayerThatReadsMediaIsNeverPingedEvenIfItWouldNotAnswer() throws Exception {
    RtmpServer server = start();
    RtmpScript<SocketLink> publisher = client(server);
    publisher.connectApp("live");
    int pub = publisher.createStream();
    publisher.publish(pub, "radio");
    RtmpScript<SocketLink> player = client(server);
    player.connectApp("live");
    int ps = player.createStream();
    player.play(ps, "radio");

    publisher.send(new AudioData(new byte[] {(byte) 0xAF, 0, 0x12, 0x10}), 6, pub, 0);
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // ten intervals
    for (int t = 20; System.nanoTime() < end; t += 20) {
      publisher.send(new AudioData(new byte[] {(byte) 0xAF, 1, 1, 2, 3}), 6, pub, t);
      player.receiveFor(Duration.ofMillis(20));
      publisher.receiveFor(Duration.ZERO);
    }
    assertEquals(
        0, player.history().stream().filter(LivenessIntegrationTest::isPingRequest).count());
    assertTrue(player.count(MessageType.AUDIO.code()) > 50, "audio flowed");
    assertEquals(2, engine.sessionCount(), closeReasons.toString());
  }

  private void awaitClosed(long id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!closeReasons.containsKey(id) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
