package io.rtmpt.engine.session;

import static io.rtmpt.engine.testing.RtmpScript.statusCodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.SetPeerBandwidth;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.message.WindowAckSize;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One session at a time in memory, driven by the scripted client over a {@link SessionLink}. Every
 * test reads everything its clients received: {@link #nothingLeftOver} fails on any unread message.
 */
class ServerSessionTest {
  /**
   * The engine's clock stands still, so no timer is ever due; a second publisher of a name is
   * refused at once (takeover off: ServerSessionTickTest covers it).
   */
  private final RtmpEngine engine =
      new RtmpEngine(
          EngineConfig.builder().publishTakeover(false).build(),
          EngineListener.NONE,
          StreamGate.ALLOW_ALL,
          () -> 0L);

  private final List<RtmpScript<SessionLink>> clients = new ArrayList<>();

  @AfterEach
  void nothingLeftOver() throws IOException {
    for (RtmpScript<SessionLink> client : clients) {
      client.assertExhausted();
    }
  }

  private RtmpScript<SessionLink> open() throws IOException {
    return open(engine);
  }

  private RtmpScript<SessionLink> open(RtmpEngine on) throws IOException {
    RtmpScript<SessionLink> client = RtmpScript.start(SessionLink.open(on));
    clients.add(client);
    return client;
  }

  /** connect(app) and createStream, every reply read; returns the stream id. */
  private static int connectAndCreateStream(RtmpScript<SessionLink> client, String app)
      throws IOException {
    client.command(
        0,
        "connect",
        AmfObject.of("app", app, "tcUrl", "rtmp://localhost/" + app, "flashVer", "FMLE/3.0"));
    double tx = client.command(0, "createStream", null);
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(5, replies.size(), "window, bandwidth, chunk size, 2 results: " + replies);
    CommandMessage result = (CommandMessage) replies.get(4);
    assertEquals(tx, result.transactionId());
    return ((Number) result.argument(0)).intValue();
  }

  /** publish(name) on a created stream: Stream Begin and Publish.Start, read. */
  private static void publish(RtmpScript<SessionLink> client, int streamId, String name)
      throws IOException {
    client.command(streamId, "publish", null, name, "live");
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(UserControl.streamBegin(streamId), replies.get(0));
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(replies));
    assertEquals(2, replies.size(), replies.toString());
  }

  @Test
  void connectIsAnsweredWithWindowBandwidthChunkSizeAndResult() throws Exception {
    RtmpScript<SessionLink> client = open();
    double tx =
        client.command(
            0,
            "connect",
            AmfObject.of("app", "live", "tcUrl", "rtmp://localhost/live", "objectEncoding", 0.0));
    List<RtmpMessage> replies = client.receiveMessages();

    assertEquals(4, replies.size(), replies.toString());
    assertEquals(new WindowAckSize(EngineConfig.DEFAULT_WINDOW_ACK_SIZE), replies.get(0));
    assertEquals(
        new SetPeerBandwidth(EngineConfig.DEFAULT_PEER_BANDWIDTH, SetPeerBandwidth.DYNAMIC),
        replies.get(1));
    assertEquals(new SetChunkSize(EngineConfig.DEFAULT_OUT_CHUNK_SIZE), replies.get(2));
    CommandMessage result = assertInstanceOf(CommandMessage.class, replies.get(3));
    assertEquals("_result", result.name());
    assertEquals(tx, result.transactionId());
    Map<?, ?> info = (Map<?, ?>) result.argument(0);
    assertEquals("NetConnection.Connect.Success", info.get("code"));
    assertEquals(0.0, info.get("objectEncoding"));
    assertEquals(ServerSession.State.CONNECTED, client.link().session().state());
  }

  @Test
  void connectEchoesObjectEncodingThreeAndAnswersAmf3CommandsInKind() throws Exception {
    RtmpScript<SessionLink> client = open();
    client.send(
        new CommandMessage(
            "connect", 1, AmfObject.of("app", "live", "objectEncoding", 3.0), List.of(), true),
        3,
        0,
        0);
    List<RawMessage> replies = client.receive();
    RawMessage result = replies.get(replies.size() - 1);
    assertEquals(MessageType.COMMAND_AMF3.code(), result.messageTypeId());
    CommandMessage decoded = (CommandMessage) MessageCodec.decode(result);
    assertEquals(3.0, ((Map<?, ?>) decoded.argument(0)).get("objectEncoding"));
  }

  @Test
  void createStreamReturnsIncreasingStreamIds() throws Exception {
    RtmpScript<SessionLink> client = open();
    assertEquals(1, connectAndCreateStream(client, "live"));
    client.command(0, "createStream", null);
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), replies.toString());
    assertEquals(2.0, ((CommandMessage) replies.get(0)).argument(0));
  }

  @Test
  void publishStartsAndASecondPublisherOfTheNameGetsBadName() throws Exception {
    RtmpScript<SessionLink> first = open();
    int s1 = connectAndCreateStream(first, "live");
    first.command(s1, "publish", null, "cam?token=abc", "live");
    List<RtmpMessage> firstReplies = first.receiveMessages();
    assertEquals(UserControl.streamBegin(s1), firstReplies.get(0));
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(firstReplies));

    RtmpScript<SessionLink> second = open();
    int s2 = connectAndCreateStream(second, "live");
    second.command(s2, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.BadName"), statusCodes(second.receiveMessages()));
    assertFalse(second.link().session().isClosed(), "a refused publish does not disconnect");

    RtmpScript<SessionLink> otherApp = open();
    int s3 = connectAndCreateStream(otherApp, "other");
    otherApp.command(s3, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(otherApp.receiveMessages()));
  }

  @Test
  void playerReceivesResetStartThenMediaOnceThePublisherArrives() throws Exception {
    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam", -2.0, -1.0, true);
    List<RtmpMessage> start = player.receiveMessages();
    assertEquals(UserControl.streamBegin(ps), start.get(0));
    assertEquals(List.of("NetStream.Play.Reset", "NetStream.Play.Start"), statusCodes(start));

    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    publisher.send(new VideoData(Media.avcHeader()), 7, pub, 0);
    publisher.send(new VideoData(Media.keyframe(1000)), 7, pub, 0);

    List<RtmpMessage> live = player.receiveMessages();
    assertEquals(UserControl.streamBegin(ps), live.get(0));
    assertEquals(List.of(), statusCodes(live), "no PublishNotify unless configured");
    List<byte[]> video = videoPayloads(live);
    assertEquals(2, video.size());
    assertArrayEquals(Media.avcHeader(), video.get(0));
  }

  @Test
  void lateJoinerGetsMetadataSequenceHeadersAndTheGroupOfPicturesFromTheLastKeyframe()
      throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    AmfEcmaArray metadata = new AmfEcmaArray();
    metadata.put("width", 320.0);
    metadata.put("height", 240.0);
    metadata.put("framerate", 25.0);
    publisher.send(DataMessage.of("@setDataFrame", "onMetaData", metadata), 4, pub, 0);
    publisher.send(new VideoData(Media.avcHeader()), 7, pub, 0);
    publisher.send(new AudioData(Media.aacHeader()), 6, pub, 0);
    publisher.send(new VideoData(Media.keyframe(500)), 7, pub, 0);
    publisher.send(new VideoData(Media.interframe(100)), 7, pub, 40);
    publisher.send(new VideoData(Media.keyframe(501)), 7, pub, 80);
    publisher.send(new AudioData(Media.aac(20)), 6, pub, 90);
    publisher.send(new VideoData(Media.interframe(101)), 7, pub, 120);

    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam");
    List<RawMessage> got = player.receive();
    List<RawMessage> media = new ArrayList<>();
    for (RawMessage m : got) {
      if (m.messageStreamId() == ps && m.messageTypeId() != MessageType.COMMAND_AMF0.code()) {
        media.add(m);
      }
    }
    // |RtmpSampleAccess, onMetaData, AVC header, AAC header, keyframe@80, aac@90, inter@120
    assertEquals(7, media.size(), media.toString());
    DataMessage meta = (DataMessage) MessageCodec.decode(media.get(1));
    assertEquals("onMetaData", meta.name());
    assertEquals(320.0, ((Map<?, ?>) meta.values().get(1)).get("width"));
    assertArrayEquals(Media.avcHeader(), media.get(2).payload());
    assertArrayEquals(Media.aacHeader(), media.get(3).payload());
    assertArrayEquals(Media.keyframe(501), media.get(4).payload());
    assertEquals(80, media.get(4).timestamp());
    assertArrayEquals(Media.aac(20), media.get(5).payload());
    assertArrayEquals(Media.interframe(101), media.get(6).payload());

    var snapshot = engine.streams().get(new StreamKey("live", "cam")).snapshot();
    assertEquals("h264", snapshot.videoCodec());
    assertEquals("aac", snapshot.audioCodec());
    assertEquals(320.0, snapshot.width());
    assertEquals(1, snapshot.players());
  }

  @Test
  void enhancedRtmpSequenceHeadersAreCachedForLateJoiners() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "hevc");
    publisher.send(new VideoData(Media.hevcHeader()), 7, pub, 0);

    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "hevc");
    List<byte[]> video = videoPayloads(player.receiveMessages());
    assertEquals(1, video.size());
    assertArrayEquals(Media.hevcHeader(), video.get(0));
    assertEquals(
        "hevc", engine.streams().get(new StreamKey("live", "hevc")).snapshot().videoCodec());
  }

  @Test
  void playersKeepWaitingThroughAnUnpublishAndResumeWithTheNextPublisher() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    publisher.send(new VideoData(Media.avcHeader()), 7, pub, 0);
    publisher.send(new VideoData(Media.keyframe(100)), 7, pub, 5000);

    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam");
    player.receive();

    publisher.link().session().close("test: publisher leaves");
    assertEquals(List.of(), player.receiveMessages(), "no UnpublishNotify, no Stream EOF");
    assertFalse(player.link().session().isClosed());

    RtmpScript<SessionLink> next = open();
    int pub2 = connectAndCreateStream(next, "live");
    next.command(pub2, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(next.receiveMessages()));
    next.send(new VideoData(Media.avcHeader()), 7, pub2, 0);
    next.send(new VideoData(Media.keyframe(100)), 7, pub2, 40);
    List<RawMessage> resumed = player.receive();
    List<Long> timestamps = new ArrayList<>();
    for (RawMessage m : resumed) {
      if (m.messageTypeId() == MessageType.VIDEO.code()) {
        timestamps.add(m.timestamp());
      }
    }
    assertEquals(2, timestamps.size());
    assertTrue(timestamps.get(0) > 5000, "timestamps continue, not restart: " + timestamps);
    assertEquals(40, timestamps.get(1) - timestamps.get(0));
  }

  @Test
  void unknownCommandGetsAnErrorReplyAndTheSessionStays() throws Exception {
    RtmpScript<SessionLink> client = open();
    connectAndCreateStream(client, "live");
    double tx = client.command(0, "noSuchCommand", null, "x");
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), replies.toString());
    CommandMessage reply = (CommandMessage) replies.get(0);
    assertEquals("_error", reply.name());
    assertEquals(tx, reply.transactionId());
    assertEquals("NetConnection.Call.Failed", RtmpScript.statusCode(reply));
    assertFalse(client.link().session().isClosed());
  }

  @Test
  void aCommandBeforeConnectClosesTheSession() throws Exception {
    RtmpScript<SessionLink> client = open();
    RtmpProtocolException e =
        assertThrows(RtmpProtocolException.class, () -> client.command(0, "createStream", null));
    assertEquals("command createStream before connect", e.getMessage());
    assertTrue(client.link().session().isClosed());
    assertEquals(0, engine.sessionCount());
  }

  @Test
  void anUnknownMessageTypeClosesOnlyThatSession() throws Exception {
    RtmpScript<SessionLink> good = open();
    connectAndCreateStream(good, "live");
    RtmpScript<SessionLink> bad = open();
    RtmpProtocolException e =
        assertThrows(
            RtmpProtocolException.class,
            () -> bad.sendRaw(new RawMessage(3, 7, 0, 0, new byte[3])));
    assertEquals("unknown message type 7", e.getMessage());
    assertTrue(bad.link().session().isClosed());
    assertFalse(good.link().session().isClosed());
    assertEquals(1, engine.sessionCount());
  }

  @Test
  void pingRequestIsAnsweredWithItsTimestamp() throws Exception {
    RtmpScript<SessionLink> client = open();
    connectAndCreateStream(client, "live");
    client.send(UserControl.pingRequest(123456), 2, 0, 0);
    assertEquals(List.of(UserControl.pingResponse(123456)), client.receiveMessages());
  }

  @Test
  void bytesAreAcknowledgedOnceTheClientsWindowIsReached() throws Exception {
    RtmpScript<SessionLink> client = open();
    connectAndCreateStream(client, "live");
    client.send(new WindowAckSize(5000), 2, 0, 0);
    client.send(new AudioData(new byte[6000]), 6, 1, 0);
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), replies.toString());
    Acknowledgement ack = assertInstanceOf(Acknowledgement.class, replies.get(0));
    assertTrue(ack.sequenceNumber() > 6000 + 3073, "counts handshake and chunk bytes: " + ack);
  }

  @Test
  void deleteStreamEndsThePublishAndFreesTheName() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publisher.command(pub, "publish", null, "cam", "live");
    publisher.command(0, "deleteStream", null, (double) pub);
    assertEquals(null, engine.streams().get(new StreamKey("live", "cam")));
    assertEquals(
        List.of("NetStream.Publish.Start", "NetStream.Unpublish.Success"),
        statusCodes(publisher.receiveMessages()));
    RtmpScript<SessionLink> again = open();
    int s = connectAndCreateStream(again, "live");
    again.command(s, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statusCodes(again.receiveMessages()));
  }

  @Test
  void aggregateMessagesReachPlayersAsSeparateFrames() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam");
    player.receive();

    byte[] key = Media.keyframe(30);
    byte[] audio = Media.aac(10);
    ByteArrayOutputStream agg = new ByteArrayOutputStream();
    writeTag(agg, 9, key, 1000);
    writeTag(agg, 8, audio, 1020);
    publisher.sendRaw(new RawMessage(4, 22, pub, 2000, agg.toByteArray()));

    List<RawMessage> got = player.receive();
    List<RawMessage> media = new ArrayList<>();
    for (RawMessage m : got) {
      if (m.messageTypeId() == 8 || m.messageTypeId() == 9) {
        media.add(m);
      }
    }
    assertEquals(2, media.size());
    assertArrayEquals(key, media.get(0).payload());
    assertEquals(2000, media.get(0).timestamp());
    assertArrayEquals(audio, media.get(1).payload());
    assertEquals(2020, media.get(1).timestamp());
  }

  @Test
  void pausedPlayersGetNoFramesAndResumeAtAKeyframe() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    RtmpScript<SessionLink> player = open();
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam");
    publisher.send(new VideoData(Media.keyframe(50)), 7, pub, 0);
    player.receive();

    player.command(ps, "pause", null, true, 0.0);
    publisher.send(new VideoData(Media.interframe(50)), 7, pub, 40);
    List<RtmpMessage> paused = player.receiveMessages();
    assertEquals(List.of("NetStream.Pause.Notify"), statusCodes(paused));
    assertEquals(0, videoPayloads(paused).size());

    player.command(ps, "pause", null, false, 0.0);
    publisher.send(new VideoData(Media.interframe(51)), 7, pub, 80);
    publisher.send(new VideoData(Media.keyframe(52)), 7, pub, 120);
    List<RtmpMessage> resumed = player.receiveMessages();
    assertEquals(List.of("NetStream.Unpause.Notify"), statusCodes(resumed));
    List<byte[]> video = videoPayloads(resumed);
    assertEquals(1, video.size(), "the inter frame before the keyframe is skipped");
    assertArrayEquals(Media.keyframe(52), video.get(0));
  }

  @Test
  void closingAPublishingSessionEndsItsStream() throws Exception {
    RtmpScript<SessionLink> publisher = open();
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    assertTrue(engine.stopStream(new StreamKey("live", "cam"), "operator"));
    assertTrue(publisher.link().session().isClosed());
    assertEquals("operator", publisher.link().session().closeReason());
    assertEquals(null, engine.streams().get(new StreamKey("live", "cam")));
    assertEquals(0, engine.sessionCount());
  }

  @Test
  void resultsFollowTheirRequestsTypeAndOnStatusFollowsConnectsObjectEncoding() throws Exception {
    RtmpScript<SessionLink> client = open();
    client.command(0, "connect", AmfObject.of("app", "live", "objectEncoding", 3.0));
    List<RawMessage> connected = client.receive();
    assertEquals(4, connected.size(), connected.toString());
    assertEquals(MessageType.COMMAND_AMF0.code(), connected.get(3).messageTypeId());
    client.send(new CommandMessage("createStream", 2, null, List.of(), true), 3, 0, 0);
    List<RawMessage> created = client.receive();
    assertEquals(1, created.size(), created.toString());
    assertEquals(MessageType.COMMAND_AMF3.code(), created.get(0).messageTypeId());
    client.command(1, "publish", null, "cam", "live");
    List<RawMessage> published = client.receive();
    assertEquals(2, published.size(), published.toString());
    assertEquals(MessageType.COMMAND_AMF3.code(), published.get(1).messageTypeId());
    assertEquals(
        "NetStream.Publish.Start",
        RtmpScript.statusCode((CommandMessage) MessageCodec.decode(published.get(1))));
  }

  @Test
  void theStreamGateDecidesEveryPublishAndPlay() throws Exception {
    List<StreamGate.Request> asked = new ArrayList<>();
    StreamGate gate =
        StreamGate.deciding(
            request -> {
              asked.add(request);
              return StreamGate.Verdict.ALLOW;
            });
    RtmpEngine gated = new RtmpEngine(EngineConfig.defaults(), EngineListener.NONE, gate);
    RtmpScript<SessionLink> client = open(gated);
    int stream = connectAndCreateStream(client, "live");
    publish(client, stream, "cam?token=good&x=1");
    RtmpScript<SessionLink> player = open(gated);
    int playStream = connectAndCreateStream(player, "live");
    player.command(playStream, "play", null, "cam?t=2");
    assertEquals(
        List.of("NetStream.Play.Reset", "NetStream.Play.Start"),
        statusCodes(player.receiveMessages()));

    assertEquals(
        List.of(
            StreamGate.Action.CONNECT,
            StreamGate.Action.PUBLISH,
            StreamGate.Action.CONNECT,
            StreamGate.Action.PLAY),
        asked.stream().map(StreamGate.Request::action).toList());
    StreamGate.Request publish = asked.get(1);
    assertEquals(new StreamKey("live", "cam"), publish.key());
    assertEquals("cam?token=good&x=1", publish.requestedName());
    assertEquals("token=good&x=1", publish.query());
    assertEquals("live", publish.publish().publishType());
    assertEquals("live", publish.session().app());
    assertEquals("rtmp://localhost/live", publish.connect().tcUrl());
    assertEquals("t=2", asked.get(3).query());
    assertEquals(-2.0, asked.get(3).play().start());
  }

  @Test
  void aPlayerWhoseEssentialFramesOverflowTwiceTheLimitIsClosingUntilItsNextPoll()
      throws Exception {
    RtmpEngine small = new RtmpEngine(EngineConfig.builder().maxPlayerQueueBytes(100).build());
    RtmpScript<SessionLink> publisher = open(small);
    int pub = connectAndCreateStream(publisher, "live");
    publish(publisher, pub, "cam");
    RtmpScript<SessionLink> player = open(small);
    int ps = connectAndCreateStream(player, "live");
    player.command(ps, "play", null, "cam");
    assertEquals(
        List.of("NetStream.Play.Reset", "NetStream.Play.Start"),
        statusCodes(player.receiveMessages()));

    byte[] header = Arrays.copyOf(Media.avcHeader(), 150); // sequence headers are never dropped
    publisher.send(new VideoData(header), 7, pub, 0);
    ServerSession session = player.link().session();
    assertFalse(session.isClosing(), "150 bytes queued: over the limit, within twice it");
    publisher.send(new VideoData(header), 7, pub, 40);
    assertTrue(session.isClosing(), "300 bytes would be queued: over twice the limit");
    assertFalse(session.isClosed());
    assertEquals("closing", session.info().state());

    assertEquals(0, session.pollOutbound(1000).length, "the poll closes it and drops the queue");
    assertTrue(session.isClosed());
    assertFalse(session.isClosing());
    assertEquals("player queue overflow (150 bytes queued)", session.closeReason());
    assertEquals(List.of(), player.receive());
  }

  static List<byte[]> videoPayloads(List<RtmpMessage> messages) {
    List<byte[]> out = new ArrayList<>();
    for (RtmpMessage m : messages) {
      if (m instanceof VideoData v) {
        out.add(v.payload());
      }
    }
    return out;
  }

  private static void writeTag(ByteArrayOutputStream out, int type, byte[] body, long ts) {
    out.write(type);
    out.write(body.length >> 16);
    out.write(body.length >> 8);
    out.write(body.length);
    out.write((int) (ts >> 16));
    out.write((int) (ts >> 8));
    out.write((int) ts);
    out.write((int) (ts >> 24));
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(body, 0, body.length);
    int back = body.length + 11;
    out.write(back >> 24);
    out.write(back >> 16);
    out.write(back >> 8);
    out.write(back);
  }
}
