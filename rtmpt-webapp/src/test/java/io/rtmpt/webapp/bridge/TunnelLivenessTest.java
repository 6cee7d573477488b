package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.TunnelLink;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pings through a tunnel, whose engine sessions the engine's own thread ticks ({@link
 * RtmpEngine#TICKER_THREAD}): a scripted client that keeps polling but never answers is closed
 * within the configured time, one that answers stays, and the thread ends with the application.
 */
class TunnelLivenessTest {
  private static final Map<String, String> SHORT_PINGS =
      Map.of("rtmpt.engine.ping-interval-ms", "300", "rtmpt.engine.ping-timeout-ms", "300");

  private static boolean isPingRequest(RawMessage m) throws IOException {
    return m.messageTypeId() == MessageType.USER_CONTROL.code()
        && ((UserControl) MessageCodec.decode(m)).eventType() == UserControl.PING_REQUEST;
  }

  @Test
  void aTunnelClientThatPollsButLeavesPingsUnansweredIsClosed() throws Exception {
    try (EmbeddedWebapp webapp = EmbeddedWebapp.start(SHORT_PINGS)) {
      RtmpScript<TunnelLink> mute = TunnelLink.connect(webapp.httpBase());
      mute.connectApp("live");
      ServerSession session = webapp.engine().session(webapp.engine().sessions().get(0).id());
      int pings = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!mute.link().isEnded() && System.nanoTime() < deadline) {
        RawMessage m = mute.next(Duration.ofMillis(50)); // polls, answers nothing
        pings += m != null && isPingRequest(m) ? 1 : 0;
      }
      assertTrue(mute.link().isEnded(), "the tunnel ended");
      assertEquals(1, pings);
      assertTrue(
          session.closeReason().startsWith("no answer to a ping within 300 ms"),
          session.closeReason());
    }
  }

  @Test
  void aTunnelClientThatAnswersPingsStaysAndTheTickerEndsWithTheApplication() throws Exception {
    ServerSession session;
    try (EmbeddedWebapp webapp = EmbeddedWebapp.start(SHORT_PINGS)) {
      RtmpScript<TunnelLink> polite = TunnelLink.connect(webapp.httpBase());
      polite.connectApp("live");
      session = webapp.engine().session(webapp.engine().sessions().get(0).id());
      assertTrue(tickerRunning(), "the engine ticks tunnelled sessions");
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int answered = 0;
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
    }
    assertTrue(session.isClosed(), "closed with the application");
    Await.until("the ticker thread ends", Duration.ofSeconds(5), () -> !tickerRunning());
  }

  private static boolean tickerRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals(RtmpEngine.TICKER_THREAD));
  }
}
