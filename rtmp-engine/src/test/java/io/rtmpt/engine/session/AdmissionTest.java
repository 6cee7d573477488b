package io.rtmpt.engine.session;

import static io.rtmpt.engine.testing.RtmpScript.statusCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's {@link StreamGate} at work in one session: refusals answered and the connection
 * closed after the answer, renames, and decisions that arrive later on another thread while the
 * client's input waits (and everybody else goes on).
 */
class AdmissionTest {
  /** Requests the gate was asked about and the decisions it has not given yet, in order. */
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

  private record Pending(
      StreamGate.Request request, CompletableFuture<StreamGate.Verdict> verdict) {}

  /** A gate that decides CONNECT at once (allow) and leaves publish and play to the test. */
  private final StreamGate laterGate =
      request -> {
        if (request.action() == StreamGate.Action.CONNECT) {
          return CompletableFuture.completedFuture(StreamGate.Verdict.ALLOW);
        }
        CompletableFuture<StreamGate.Verdict> verdict = new CompletableFuture<>();
        pending.add(new Pending(request, verdict));
        return verdict;
      };

  private final List<RtmpScript<SessionLink>> clients = new ArrayList<>();

  @AfterEach
  void nothingLeftOver() throws IOException {
    for (RtmpScript<SessionLink> client : clients) {
      client.assertExhausted();
    }
  }

  private RtmpScript<SessionLink> open(RtmpEngine engine) throws IOException {
    RtmpScript<SessionLink> client = RtmpScript.start(SessionLink.open(engine));
    clients.add(client);
    return client;
  }

  private static RtmpEngine engine(StreamGate gate) {
    return new RtmpEngine(EngineConfig.defaults(), EngineListener.NONE, gate);
  }

  private static void connect(RtmpScript<SessionLink> client, String app) throws IOException {
    client.command(
        0,
        "connect",
        AmfObject.of("app", app, "tcUrl", "rtmp://localhost/" + app, "flashVer", "T"));
  }

  /** connect and createStream, both answered; returns the stream id. */
  private static int connectAndCreateStream(RtmpScript<SessionLink> client) throws IOException {
    connect(client, "live");
    client.command(0, "createStream", null);
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(5, replies.size(), replies.toString());
    return ((Number) ((CommandMessage) replies.get(4)).argument(0)).intValue();
  }

  private static Map<?, ?> info(RtmpMessage message) {
    return (Map<?, ?>) ((CommandMessage) message).argument(0);
  }

  @Test
  void aRefusedPublishGetsBadNameWithTheReasonThenTheConnectionCloses() throws Exception {
    RtmpEngine engine =
        engine(
            StreamGate.deciding(
                r ->
                    r.action() == StreamGate.Action.PUBLISH
                        ? StreamGate.Verdict.refuse("publish to live/cam refused: no token")
                        : StreamGate.Verdict.ALLOW));
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);

    client.command(stream, "publish", null, "cam", "live");
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), "only the refusal: " + replies);
    assertEquals("NetStream.Publish.BadName", info(replies.get(0)).get("code"));
    assertEquals("error", info(replies.get(0)).get("level"));
    assertEquals("publish to live/cam refused: no token", info(replies.get(0)).get("description"));
    ServerSession session = client.link().session();
    assertTrue(session.isClosed());
    assertEquals("publish refused: publish to live/cam refused: no token", session.closeReason());
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
    assertTrue(client.awaitClosed(RtmpScript.DEFAULT_TIMEOUT), "closed once the refusal was taken");
    assertEquals(0, engine.sessionCount());
  }

  @Test
  void aRefusedPlayGetsPlayFailed() throws Exception {
    RtmpEngine engine =
        engine(
            StreamGate.deciding(
                r ->
                    r.action() == StreamGate.Action.PLAY
                        ? StreamGate.Verdict.refuse("token expired")
                        : StreamGate.Verdict.ALLOW));
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);

    client.command(stream, "play", null, "cam?token=1.x");
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(List.of("NetStream.Play.Failed"), statusCodes(replies));
    assertEquals(1, replies.size(), "no Stream Begin, no Play.Reset: " + replies);
    assertEquals("token expired", info(replies.get(0)).get("description"));
    assertTrue(client.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));
  }

  @Test
  void aRefusedConnectGetsConnectRejectedAsErrorThenTheConnectionCloses() throws Exception {
    RtmpEngine engine = engine(StreamGate.deciding(r -> StreamGate.Verdict.refuse("go away")));
    RtmpScript<SessionLink> client = open(engine);
    connect(client, "live");
    client.command(0, "createStream", null); // never acted on: the session is closed by then

    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), "no window, bandwidth or chunk size: " + replies);
    CommandMessage error = assertInstanceOf(CommandMessage.class, replies.get(0));
    assertEquals("_error", error.name());
    assertEquals(1.0, error.transactionId());
    assertEquals("NetConnection.Connect.Rejected", info(error).get("code"));
    assertEquals("go away", info(error).get("description"));
    assertTrue(client.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));
    assertEquals(ServerSession.State.CLOSED, client.link().session().state());
  }

  @Test
  void aRenameFromTheGatePublishesUnderTheNewName() throws Exception {
    RtmpEngine engine =
        engine(
            StreamGate.deciding(
                r ->
                    r.action() == StreamGate.Action.PUBLISH
                        ? StreamGate.Verdict.allowAs("renamed?ignored=1")
                        : StreamGate.Verdict.ALLOW));
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);
    client.command(stream, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(client.receiveMessages()));
    assertNotNull(engine.streams().get(new StreamKey("live", "renamed")).publisher());
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
  }

  @Test
  void aRenamedConnectChangesTheApplication() throws Exception {
    RtmpEngine engine =
        engine(
            StreamGate.deciding(
                r ->
                    r.action() == StreamGate.Action.CONNECT
                        ? StreamGate.Verdict.allowAs("studio")
                        : StreamGate.Verdict.ALLOW));
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);
    assertEquals("studio", client.link().session().info().app());
    client.command(stream, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(client.receiveMessages()));
    assertNotNull(engine.streams().get(new StreamKey("studio", "cam")));
  }

  @Test
  void aLaterDecisionHoldsTheClientsInputAndAppliesItOnTheDecidingThread() throws Exception {
    RtmpEngine engine = engine(laterGate);
    RtmpScript<SessionLink> publisher = open(engine);
    int stream = connectAndCreateStream(publisher);
    ServerSession session = publisher.link().session();

    publisher.command(stream, "publish", null, "cam?key=1", "live");
    publisher.send(new VideoData(Media.avcHeader()), 7, stream, 0); // sent before any answer
    publisher.command(0, "createStream", null);
    assertTrue(session.isAdmitting());
    assertEquals(List.of(), publisher.receive(), "nothing answered while the decision is pending");
    assertNull(engine.streams().get(new StreamKey("live", "cam")));

    // Meanwhile another client publishes and plays: nobody else waits.
    RtmpScript<SessionLink> other =
        open(engine(StreamGate.ALLOW_ALL)); // a second engine: this one's gate would hold it
    int otherStream = connectAndCreateStream(other);
    other.command(otherStream, "publish", null, "free", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(other.receiveMessages()));

    Pending decision = pending.poll();
    assertNotNull(decision);
    assertEquals("key=1", decision.request().query());
    int wakeUpsBefore = publisher.link().wakeUps();
    Thread decider = new Thread(() -> decision.verdict().complete(StreamGate.Verdict.ALLOW));
    decider.start();
    decider.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(decider.isAlive());

    assertFalse(session.isAdmitting());
    assertTrue(publisher.link().wakeUps() > wakeUpsBefore, "the transport was woken up");
    List<RtmpMessage> replies = publisher.receiveMessages();
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(replies));
    CommandMessage created = (CommandMessage) replies.get(replies.size() - 1);
    assertEquals("_result", created.name(), "the held createStream was answered after: " + replies);
    assertNotNull(
        engine.streams().get(new StreamKey("live", "cam")).snapshot().videoCodec(),
        "the held video reached the stream");
  }

  @Test
  void aLaterRefusalClosesAndAFailedDecisionRefuses() throws Exception {
    RtmpEngine engine = engine(laterGate);
    RtmpScript<SessionLink> first = open(engine);
    int stream = connectAndCreateStream(first);
    first.command(stream, "play", null, "cam");
    pending.poll().verdict().complete(StreamGate.Verdict.refuse("refused by on_play (HTTP 403)"));
    List<RtmpMessage> replies = first.receiveMessages();
    assertEquals(List.of("NetStream.Play.Failed"), statusCodes(replies));
    assertEquals("refused by on_play (HTTP 403)", info(replies.get(0)).get("description"));
    assertTrue(first.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));

    RtmpScript<SessionLink> second = open(engine);
    stream = connectAndCreateStream(second);
    second.command(stream, "publish", null, "cam", "live");
    pending.poll().verdict().completeExceptionally(new IOException("connection refused"));
    replies = second.receiveMessages();
    assertEquals(List.of("NetStream.Publish.BadName"), statusCodes(replies));
    assertEquals(
        "publish refused: the access check failed", info(replies.get(0)).get("description"));
    assertTrue(second.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));
  }

  @Test
  void aSessionClosedWhileWaitingIgnoresTheLateDecision() throws Exception {
    RtmpEngine engine = engine(laterGate);
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);
    client.command(stream, "publish", null, "cam", "live");
    client.link().session().close("client left");

    pending.poll().verdict().complete(StreamGate.Verdict.ALLOW);
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
    assertFalse(client.link().session().isAdmitting());
    assertTrue(client.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));
  }

  @Test
  void aClientThatSendsTooMuchWhileWaitingIsDisconnected() throws Exception {
    RtmpEngine engine = engine(laterGate);
    RtmpScript<SessionLink> client = open(engine);
    int stream = connectAndCreateStream(client);
    client.command(stream, "publish", null, "cam", "live");
    byte[] frame = new byte[256 * 1024];
    for (int i = 0; i < 4; i++) {
      client.send(new VideoData(frame), 7, stream, i * 40L); // 1 MiB: at the limit
    }
    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class,
            () -> client.send(new VideoData(new byte[1]), 7, stream, 200));
    assertEquals(
        "client sent over 1048576 bytes while its request awaited admission", e.getMessage());
    assertTrue(client.link().session().isClosed());
    pending.poll().verdict().complete(StreamGate.Verdict.ALLOW); // too late: nothing happens
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
    assertTrue(client.awaitClosed(RtmpScript.DEFAULT_TIMEOUT));
  }
}
