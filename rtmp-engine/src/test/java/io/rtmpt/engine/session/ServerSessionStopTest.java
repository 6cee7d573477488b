package io.rtmpt.engine.session;

import static io.rtmpt.engine.testing.RtmpScript.statusCodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server going away (a drain whose grace period is over): it refuses new sessions, then stops
 * every stream and tells the clients, keeping their connections so that they can end them
 * themselves. Every test reads everything its clients received.
 */
class ServerSessionStopTest {
  private final List<String> rejections = new ArrayList<>();
  private final RtmpEngine engine =
      new RtmpEngine(
          EngineConfig.defaults(),
          new EngineListener() {
            @Override
            public void sessionRejected(Transport transport, String address, String reason) {
              rejections.add(transport.label() + " " + reason);
            }
          });
  private final List<RtmpScript<SessionLink>> clients = new ArrayList<>();

  @AfterEach
  void nothingLeftOver() throws IOException {
    for (RtmpScript<SessionLink> client : clients) {
      client.assertExhausted();
    }
  }

  private RtmpScript<SessionLink> open() throws IOException {
    RtmpScript<SessionLink> client = RtmpScript.start(SessionLink.open(engine));
    clients.add(client);
    return client;
  }

  /** connect and createStream; everything received so far is read. */
  private static int connectAndCreateStream(RtmpScript<SessionLink> client) throws IOException {
    client.connectApp("live");
    int streamId = client.createStream();
    client.receive();
    return streamId;
  }

  @Test
  void playersGetStreamEofAndPlayStopAfterTheirMediaAndNothingMoreWhileConnected()
      throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher);
    publisher.publish(pub, "cam");
    publisher.send(new VideoData(Media.avcHeader()), 7, pub, 0);
    publisher.send(new VideoData(Media.keyframe(100)), 7, pub, 0);
    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player);
    player.play(ps, "cam");
    player.receive(); // the cached header and keyframe
    publisher.send(new VideoData(Media.interframe(10)), 7, pub, 40); // queued, not read yet

    assertEquals(2, engine.stopStreams("server draining"));

    List<RtmpMessage> got = player.receiveMessages();
    List<byte[]> video = ServerSessionTest.videoPayloads(got);
    assertEquals(1, video.size(), "the frame queued before the stop still goes out: " + got);
    assertArrayEquals(Media.interframe(10), video.get(0));
    assertEquals(
        "NetStream.Play.Stop",
        statusCodes(got).get(statusCodes(got).size() - 1),
        "Play.Stop comes last: " + got);
    int frame = -1;
    for (int i = 0; i < got.size(); i++) {
      if (got.get(i) instanceof VideoData v && v.payload().length == Media.interframe(10).length) {
        frame = i;
      }
    }
    int eof = got.indexOf(UserControl.streamEof(ps));
    assertTrue(frame >= 0 && eof > frame, "Stream EOF after the queued frame: " + got);
    assertTrue(
        statusCodes(got).stream()
            .allMatch(
                code ->
                    code.equals("NetStream.Play.Stop")
                        || code.equals("NetStream.Play.UnpublishNotify")),
        "the unpublish may be told too, depending on which session was stopped first: " + got);

    assertEquals(List.of("NetStream.Unpublish.Success"), statusCodes(publisher.receiveMessages()));
    assertNull(engine.streams().get(new StreamKey("live", "cam")), "the stream is gone");
    publisher.send(new VideoData(Media.keyframe(101)), 7, pub, 80);
    assertEquals(List.of(), player.receive(), "nothing follows Play.Stop");

    assertFalse(player.link().session().isClosed(), "the connection stays for the client to end");
    assertFalse(publisher.link().session().isClosed());
    assertEquals(2, engine.sessionCount());
    assertEquals(0, engine.stopStreams("again"), "nothing left to stop");
  }

  @Test
  void aSessionWithoutStreamsIsToldNothing() throws Exception {
    RtmpScript<SessionLink> idle = open();
    connectAndCreateStream(idle);
    assertEquals(0, idle.link().session().stopStreams("server draining"));
    assertEquals(List.of(), idle.receive());
  }

  @Test
  void newSessionsAreRefusedWithTheReasonUntilAcceptedAgainAndOpenOnesStay() throws Exception {
    RtmpScript<SessionLink> before = open();
    connectAndCreateStream(before);

    engine.refuseNewSessions("server draining");
    ConnectionLimitException refused =
        assertThrows(ConnectionLimitException.class, () -> SessionLink.open(engine));
    assertEquals("server draining", refused.getMessage());
    assertEquals(List.of("rtmp server draining"), rejections);
    assertEquals(1, engine.sessionCount());
    assertFalse(before.link().session().isClosed());

    engine.refuseNewSessions(null);
    RtmpScript<SessionLink> after = open();
    connectAndCreateStream(after);
    assertEquals(2, engine.sessionCount());
  }
}
