package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.StreamGate.Action;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * nginx-rtmp style HTTP callbacks with real clients (issue 10, done-when 2): an auth backend
 * written for nginx-rtmp allows, refuses, renames (302) and times out; the fields it receives are
 * those nginx-rtmp sends; on_done arrives when the client leaves; while one client's callback is
 * slow, everybody else goes on and its own tunnel keeps answering; a burst beyond the bounds is
 * refused at once.
 */
class CallbackAccessInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "CallbackAccessInteropTest");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private AuthBackend backend;
  private EmbeddedWebapp webapp;
  private int rtmpPort;

  private void start(String... extra) throws Exception {
    Interop.requireTool("ffmpeg");
    backend = new AuthBackend();
    rtmpPort = Ports.freePort();
    Map<String, String> settings = new HashMap<>();
    settings.put("rtmpt.rtmp-host", "127.0.0.1");
    settings.put("rtmpt.rtmp-port", String.valueOf(rtmpPort));
    settings.put("rtmpt.access.publish", "callback");
    settings.put("rtmpt.access.play", "callback");
    settings.put("rtmpt.access.on-connect", backend.url("on_connect"));
    settings.put("rtmpt.access.on-publish", backend.url("on_publish"));
    settings.put("rtmpt.access.on-play", backend.url("on_play"));
    settings.put("rtmpt.access.on-done", backend.url("on_done"));
    for (int i = 0; i < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    webapp = EmbeddedWebapp.start(settings);
  }

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private String rtmp(String app, String name) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + name;
  }

  private long refused(Action action, Refusal reason) {
    return webapp.gateway().access().counters().refused(action, reason);
  }

  @Test
  void aBackendWrittenForNginxRtmpAllowsRefusesRenamesAndHearsOfTheEnd() throws Exception {
    start();
    String tcUrl = "rtmp://127.0.0.1:" + rtmpPort + "/live";
    try (ExternalProcess publisher =
        LiveChecks.startPublisher(
            "publish-allowed-rtmp", LOGS, rtmp("live", "allowed?user=alice&name=evil"))) {
      Map<String, String> connect = backend.next("connect", WAIT);
      assertEquals("/on_connect", connect.get("(path)"));
      assertEquals("POST", connect.get("(method)"));
      assertEquals("application/x-www-form-urlencoded", connect.get("(content-type)"));
      assertEquals("live", connect.get("app"));
      assertEquals(tcUrl, connect.get("tcurl"));
      assertEquals("127.0.0.1", connect.get("addr"));
      assertTrue(
          connect.get("flashver").startsWith("FMLE/3.0 (compatible; Lavf"), connect.toString());
      assertTrue(connect.get("epoch").matches("\\d+"), connect.toString());

      Map<String, String> publish = backend.next("publish", WAIT);
      assertEquals("/on_publish", publish.get("(path)"));
      assertEquals("live", publish.get("app"));
      assertEquals("allowed", publish.get("name"), "the name without its query, not the client's");
      assertEquals("live", publish.get("type"));
      assertEquals("alice", publish.get("user"), "the query's arguments");
      assertEquals("127.0.0.1", publish.get("addr"));
      assertEquals(tcUrl, publish.get("tcurl"));
      assertEquals("", publish.get("swfurl"));
      assertEquals("", publish.get("pageurl"));
      assertEquals(connect.get("clientid"), publish.get("clientid"));
      SessionInfo session =
          webapp.engine().sessions().stream()
              .filter(s -> s.publishing().contains("live/allowed"))
              .findFirst()
              .orElseThrow();
      assertEquals(String.valueOf(session.id()), publish.get("clientid"));

      try (Player player =
          Player.start("play-allowed-rtmpt", LOGS, webapp.rtmptUrl("live", "allowed?seat=7"), 6)) {
        Map<String, String> play = backend.next("play", WAIT);
        assertEquals("allowed", play.get("name"));
        assertEquals("7", play.get("seat"));
        assertTrue(play.get("start").matches("-?\\d+"), play.toString());
        assertTrue(play.get("duration").matches("-?\\d+"), play.toString());
        assertTrue(play.get("reset").matches("[01]"), play.toString());
        player.assertPlayedThroughout();
      }
      Map<String, String> playDone = backend.next("done", WAIT);
      assertEquals("allowed", playDone.get("name"));
      assertEquals("7", playDone.get("seat"));

      long refusedBefore = refused(Action.PUBLISH, Refusal.CALLBACK_REFUSED);
      try (ExternalProcess ffmpeg =
          ExternalProcess.start(
              "publish-refused-rtmpt",
              LOGS,
              Ffmpeg.publish(webapp.rtmptUrl("live", "refused"), 5))) {
        assertNotEquals(0, ffmpeg.waitFor(Duration.ofSeconds(30)), ffmpeg.tail());
        assertTrue(
            ffmpeg.stderr().contains("Server error: publishing refused by on_publish (HTTP 403)"),
            ffmpeg.tail());
      }
      assertEquals(refusedBefore + 1, refused(Action.PUBLISH, Refusal.CALLBACK_REFUSED));

      try (ExternalProcess renamed =
          LiveChecks.startPublisher("publish-renamed-rtmp", LOGS, rtmp("live", "renamed"))) {
        assertNotNull(webapp.engine().streams().get(new StreamKey("live", "target")).publisher());
        assertEquals(null, webapp.engine().streams().get(new StreamKey("live", "renamed")));
      }

      publisher.stop(Duration.ofSeconds(5));
      Map<String, String> done = backend.next("done", WAIT);
      while (!"allowed".equals(done.get("name")) || done.containsKey("seat")) {
        done = backend.next("done", WAIT); // the renamed publisher's end may come first
      }
      assertEquals("alice", done.get("user"));
      assertEquals(publish.get("clientid"), done.get("clientid"));
    }
  }

  @Test
  void aRefusedConnectIsRejected() throws Exception {
    start();
    try (ExternalProcess ffmpeg =
        ExternalProcess.start(
            "publish-to-closed-app", LOGS, Ffmpeg.publish(rtmp("closed", "x"), 5))) {
      assertNotEquals(0, ffmpeg.waitFor(Duration.ofSeconds(30)), ffmpeg.tail());
      assertTrue(
          ffmpeg.stderr().contains("Server error: connecting refused by on_connect (HTTP 403)"),
          ffmpeg.tail());
    }
    try (RtmpScript<SocketLink> client =
        RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort))) {
      CommandMessage reply = client.connectApp("closed");
      assertEquals("_error", reply.name());
      assertEquals("NetConnection.Connect.Rejected", RtmpScript.statusCode(reply));
      assertTrue(client.awaitClosed(Duration.ofSeconds(10)));
    }
    assertEquals(2, refused(Action.CONNECT, Refusal.CALLBACK_REFUSED));
  }

  @Test
  void aSlowCallbackHoldsItsClientOnlyAndTimesOut() throws Exception {
    start("rtmpt.access.callback-timeout-ms", "8000");
    try (ExternalProcess held =
        ExternalProcess.start(
            "publish-hold-rtmpt", LOGS, Ffmpeg.publish(webapp.rtmptUrl("live", "hold"), 30))) {
      assertEquals("hold", backend.next("publish", WAIT).get("name"));
      RtmptSessionInfo tunnel = webapp.registry().sessions().get(0);

      // Meanwhile another client connects, is asked about and publishes: nobody else waits.
      try (ExternalProcess other =
          LiveChecks.startPublisher("publish-other-rtmp", LOGS, rtmp("live", "other"))) {
        assertTrue(held.isAlive(), "still waiting for its callback");
        assertEquals(null, webapp.engine().streams().get(new StreamKey("live", "hold")));
        long before = webapp.registry().session(tunnel.id()).orElseThrow().requests();
        Await.until(
            "the waiting client's tunnel keeps answering",
            Duration.ofSeconds(5),
            () -> webapp.registry().session(tunnel.id()).orElseThrow().requests() > before + 2);
      }
      assertNotEquals(0, held.waitFor(Duration.ofSeconds(30)), held.tail());
      assertTrue(
          held.stderr().contains("Server error: on_publish did not answer within 8000 ms"),
          held.tail());
    }
    assertEquals(1, refused(Action.PUBLISH, Refusal.CALLBACK_TIMEOUT));
  }

  @Test
  void aBurstBeyondTheBoundsIsRefusedAtOnce() throws Exception {
    start("rtmpt.access.callback-concurrency", "1", "rtmpt.access.callback-queue", "0");
    try (RtmpScript<SocketLink> first =
            RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort));
        RtmpScript<SocketLink> second =
            RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort))) {
      first.connectApp("live");
      int a = first.createStream();
      second.connectApp("live");
      int b = second.createStream();
      first.invoke(a, "publish", null, "hold-1", "live");
      assertEquals("hold-1", backend.next("publish", WAIT).get("name"));

      CommandMessage status = second.publish(b, "allowed");
      assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(status));
      assertEquals(
          "too many clients are being checked at once; try again in a moment",
          ((Map<?, ?>) status.argument(0)).get("description"));
      assertEquals(1, refused(Action.PUBLISH, Refusal.CALLBACK_BUSY));

      backend.release();
      assertEquals(
          "NetStream.Publish.Start",
          RtmpScript.statusCode(first.awaitCommand(c -> c.name().equals("onStatus"))));
    }
  }
}
