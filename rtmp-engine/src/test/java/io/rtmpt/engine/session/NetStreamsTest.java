package io.rtmpt.engine.session;

import static io.rtmpt.engine.testing.RtmpScript.statusCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state of each NetStream of a session through every transition of {@link NetStream}. */
class NetStreamsTest {
  private final RtmpEngine engine =
      new RtmpEngine(EngineConfig.builder().maxStreamsPerConnection(3).build());
  private RtmpScript<SessionLink> client;
  private NetStreams streams;

  @BeforeEach
  void connect() throws IOException {
    client = RtmpScript.start(SessionLink.open(engine));
    client.command(0, "connect", AmfObject.of("app", "live"));
    assertEquals(4, client.receive().size());
    streams = client.link().session().streams();
  }

  @AfterEach
  void nothingLeftOver() throws IOException {
    client.assertExhausted();
  }

  private int createStream() throws IOException {
    client.command(0, "createStream", null);
    CommandMessage result = (CommandMessage) single();
    return ((Number) result.argument(0)).intValue();
  }

  private RtmpMessage single() throws IOException {
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(1, replies.size(), replies.toString());
    return replies.get(0);
  }

  private List<String> statuses() throws IOException {
    return statusCodes(client.receiveMessages());
  }

  @Test
  void idleToPublishingAndBackWithCloseStream() throws IOException {
    int id = createStream();
    assertInstanceOf(IdleStream.class, streams.get(id));
    client.command(id, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statuses());
    PublishStream publishing = assertInstanceOf(PublishStream.class, streams.get(id));
    assertEquals(new StreamKey("live", "cam"), publishing.key());

    client.invoke(id, "closeStream", null);
    assertEquals(List.of("NetStream.Unpublish.Success"), statuses());
    assertInstanceOf(IdleStream.class, streams.get(id));
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
  }

  @Test
  void fcUnpublishEndsThePublishOfThatName() throws IOException {
    int id = createStream();
    client.command(id, "publish", null, "cam?key=1", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statuses());
    client.command(0, "FCUnpublish", null, "cam?key=1");
    List<RtmpMessage> replies = client.receiveMessages();
    assertEquals(List.of("NetStream.Unpublish.Success"), statusCodes(replies));
    assertEquals("_result", ((CommandMessage) replies.get(1)).name());
    assertInstanceOf(IdleStream.class, streams.get(id));
  }

  @Test
  void aPlayReplacesWhateverTheStreamDidAndPublishingOnAPlayingStreamIsRefused()
      throws IOException {
    int id = createStream();
    client.command(id, "play", null, "a");
    assertEquals(List.of("NetStream.Play.Reset", "NetStream.Play.Start"), statuses());
    PlayStream first = assertInstanceOf(PlayStream.class, streams.get(id));

    client.command(id, "play", null, "b", -2.0, -1.0, false);
    assertEquals(List.of("NetStream.Play.Start"), statuses());
    PlayStream second = assertInstanceOf(PlayStream.class, streams.get(id));
    assertNotSame(first, second);
    assertEquals(new StreamKey("live", "b"), second.key());
    assertNull(engine.streams().get(new StreamKey("live", "a")), "the first play detached");

    client.command(id, "publish", null, "c", "live");
    CommandMessage refused = (CommandMessage) single();
    assertEquals("NetStream.Publish.BadName", RtmpScript.statusCode(refused));
    assertInstanceOf(PlayStream.class, streams.get(id));
  }

  @Test
  void deleteStreamRemovesTheStreamWhateverItsState() throws IOException {
    int id = createStream();
    client.command(id, "play", null, "cam");
    assertEquals(List.of("NetStream.Play.Reset", "NetStream.Play.Start"), statuses());
    client.command(0, "deleteStream", null, (double) id);
    assertNull(streams.get(id));
    assertEquals(List.of(), client.receive(), "deleteStream has no reply");
    assertNull(engine.streams().get(new StreamKey("live", "cam")));
  }

  @Test
  void aStreamIdNotCreatedIsCreatedOnFirstUseWithinTheLimit() throws IOException {
    client.command(5, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statuses());
    assertInstanceOf(PublishStream.class, streams.get(5));
    assertEquals(6, createStream(), "ids continue after the one used");
    assertEquals(7, createStream());

    client.command(0, "createStream", null);
    CommandMessage error = (CommandMessage) single();
    assertEquals("_error", error.name());
    assertEquals("NetConnection.Call.Failed", RtmpScript.statusCode(error));
    client.command(9, "play", null, "other");
    assertEquals("_error", ((CommandMessage) single()).name());
    assertNull(streams.get(9));
  }

  @Test
  void publishAndPlayOnStreamZeroAreCallErrors() throws IOException {
    client.command(0, "play", null, "cam");
    CommandMessage error = (CommandMessage) single();
    assertEquals("_error", error.name());
    assertEquals("NetConnection.Call.Failed", RtmpScript.statusCode(error));
  }

  @Test
  void closingTheSessionEndsEveryStream() throws IOException {
    int publishing = createStream();
    client.command(publishing, "publish", null, "cam", "live");
    assertEquals(List.of("NetStream.Publish.Start"), statuses());
    int playing = createStream();
    client.command(playing, "play", null, "other");
    assertEquals(List.of("NetStream.Play.Reset", "NetStream.Play.Start"), statuses());

    client.link().session().close("test");
    assertNull(streams.get(publishing));
    assertNull(streams.get(playing));
    assertEquals(List.of(), engine.streams().snapshots());
    assertEquals(0, engine.sessionCount());
  }
}
