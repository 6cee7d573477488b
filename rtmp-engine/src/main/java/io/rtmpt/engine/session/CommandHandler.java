package io.rtmpt.engine.session;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.Connect;
import io.rtmpt.engine.command.Play;
import io.rtmpt.engine.command.Publish;
import io.rtmpt.engine.command.Replies;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.command.StreamNames;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.AggregateMessage;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.SetPeerBandwidth;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.message.WindowAckSize;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the messages of one session: protocol control, NetConnection commands (connect,
 * createStream, deleteStream...) and NetStream commands (publish, play, pause...), and passes media
 * between publishers and the live registry. Runs on the session's input thread, except {@link
 * #closeAll} which runs under the session's input lock from any thread.
 */
final class CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
  private static final String SET_DATA_FRAME = "@setDataFrame";
  private static final String ON_META_DATA = "onMetaData";

  private final ServerSession session;
  private final RtmpEngine engine;
  private final EngineConfig config;
  private final OutboundQueue out;

  /** A created stream that neither publishes nor plays. */
  private static final Object IDLE = new Object();

  /** Message stream id -> IDLE, a PublishStream or a PlayStream; read by the console too. */
  private final Map<Integer, Object> streams = new java.util.concurrent.ConcurrentSkipListMap<>();

  private volatile Connect connect;
  private boolean amf3;
  private int nextStreamId = 1;

  CommandHandler(ServerSession session, RtmpEngine engine, OutboundQueue out) {
    this.session = session;
    this.engine = engine;
    this.config = engine.config();
    this.out = out;
  }

  void handle(RawMessage raw, RtmpMessage message) throws RtmpProtocolException {
    if (message instanceof CommandMessage command) {
      onCommand(raw, command);
    } else if (message instanceof AudioData audio) {
      onMedia(raw.messageStreamId(), MediaFrame.audio(raw.timestamp(), audio.payload()));
    } else if (message instanceof VideoData video) {
      onMedia(raw.messageStreamId(), MediaFrame.video(raw.timestamp(), video.payload()));
    } else if (message instanceof DataMessage data) {
      onData(raw, data);
    } else if (message instanceof AggregateMessage) {
      for (RawMessage part : MessageCodec.splitAggregate(raw)) {
        handle(part, MessageCodec.decode(part));
      }
    } else if (message instanceof WindowAckSize window) {
      session.setAcknowledgementWindow(window.size());
    } else if (message instanceof UserControl control) {
      onUserControl(control);
    } else if (LOG.isDebugEnabled()) {
      // Set Chunk Size and Abort were applied by the decoder; acknowledgements, peer bandwidth
      // and shared objects need no action here.
      LOG.debug("session {}: {}", session.id(), message);
    }
  }

  private void onUserControl(UserControl control) {
    if (control.eventType() == UserControl.PING_REQUEST) {
      send(ChunkStreams.CONTROL, 0, UserControl.pingResponse(control.value()));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("session {}: user control {}", session.id(), control);
    }
  }

  private void onCommand(RawMessage raw, CommandMessage command) throws RtmpProtocolException {
    String name = command.name();
    if (connect == null && !"connect".equals(name)) {
      throw new RtmpProtocolException("command " + name + " before connect");
    }
    LOG.debug("session {}: command {} on stream {}", session.id(), name, raw.messageStreamId());
    int streamId = raw.messageStreamId();
    switch (name) {
      case "connect" -> onConnect(command);
      case "createStream" -> onCreateStream(command);
      case "releaseStream", "FCPublish", "FCSubscribe", "FCUnsubscribe" -> resultIfAsked(command);
      case "FCUnpublish" -> {
        onFcUnpublish(command);
        resultIfAsked(command);
      }
      case "publish" -> onPublish(streamId, command);
      case "play" -> onPlay(streamId, command);
      case "deleteStream" -> onDeleteStream(command);
      case "closeStream" -> stopStream(streamId, "closeStream");
      case "pause", "pauseRaw" -> onPause(streamId, command);
      case "receiveAudio", "receiveVideo" -> onReceive(streamId, command);
      case "getStreamLength" ->
          reply(command, Replies.result(command.transactionId(), null, 0.0, command.amf3()));
      case "_result", "_error", "onStatus", "onBWDone", "_checkbw" ->
          LOG.debug("session {}: ignored {}", session.id(), name);
      default -> {
        LOG.info("{}: unknown command {}", session.describe(), name);
        if (command.transactionId() != 0) {
          reply(
              command,
              Replies.error(
                  command.transactionId(),
                  StatusCode.CALL_FAILED,
                  "unknown command: " + name,
                  command.amf3()));
        }
      }
    }
  }

  private void onConnect(CommandMessage command) throws RtmpProtocolException {
    if (connect != null) {
      reply(
          command,
          Replies.error(
              command.transactionId(),
              StatusCode.CALL_FAILED,
              "already connected",
              command.amf3()));
      return;
    }
    Connect c = Connect.from(command);
    connect = c;
    amf3 = c.objectEncoding() == 3;
    send(ChunkStreams.CONTROL, 0, new WindowAckSize(config.windowAckSize()));
    send(
        ChunkStreams.CONTROL,
        0,
        new SetPeerBandwidth(config.peerBandwidth(), SetPeerBandwidth.DYNAMIC));
    out.addChunkSizeChange(
        MessageCodec.toRaw(new SetChunkSize(config.outChunkSize()), ChunkStreams.CONTROL, 0, 0),
        config.outChunkSize());
    AmfObject properties =
        AmfObject.of("fmsVer", "FMS/3,5,7,7009", "capabilities", 31.0, "mode", 1.0);
    AmfObject information =
        Replies.info(StatusCode.LEVEL_STATUS, StatusCode.CONNECT_SUCCESS, "Connection succeeded.");
    information.put("objectEncoding", c.objectEncoding());
    reply(
        command, Replies.result(command.transactionId(), properties, information, command.amf3()));
    session.connected();
    LOG.info("{}: connected to app '{}' ({})", session.describe(), c.app(), c.flashVer());
  }

  private void onCreateStream(CommandMessage command) {
    if (streams.size() >= config.maxStreamsPerConnection()) {
      reply(
          command,
          Replies.error(
              command.transactionId(),
              StatusCode.CALL_FAILED,
              "too many streams (limit " + config.maxStreamsPerConnection() + ")",
              command.amf3()));
      return;
    }
    int id = nextStreamId++;
    streams.put(id, IDLE);
    reply(command, Replies.result(command.transactionId(), null, (double) id, command.amf3()));
  }

  private void onPublish(int streamId, CommandMessage command) throws RtmpProtocolException {
    Publish publish = Publish.from(command);
    if (!ensureStream(streamId, command)) {
      return;
    }
    if (streams.get(streamId) != IDLE) {
      status(
          streamId,
          StatusCode.LEVEL_ERROR,
          StatusCode.PUBLISH_BAD_NAME,
          "stream " + streamId + " is already in use");
      return;
    }
    StreamKey key = new StreamKey(connect.app(), publish.streamName());
    PublishStream ps = new PublishStream(session, streamId);
    LiveStream live = engine.streams().publish(key, ps, System.currentTimeMillis());
    if (live == null) {
      LOG.info("{}: publish {} refused: already being published", session.describe(), key);
      status(
          streamId,
          StatusCode.LEVEL_ERROR,
          StatusCode.PUBLISH_BAD_NAME,
          key + " is already being published");
      return;
    }
    ps.attached(live);
    streams.put(streamId, ps);
    send(ChunkStreams.CONTROL, 0, UserControl.streamBegin(streamId));
    status(streamId, StatusCode.LEVEL_STATUS, StatusCode.PUBLISH_START, key + " is now published");
    LOG.info("{}: publishing {} ({})", session.describe(), key, publish.publishType());
    engine.listener().publishStarted(session.info(), key);
  }

  private void onPlay(int streamId, CommandMessage command) throws RtmpProtocolException {
    Play play = Play.from(command);
    if (!ensureStream(streamId, command)) {
      return;
    }
    stopStream(streamId, "new play");
    StreamKey key = new StreamKey(connect.app(), play.streamName());
    PlayStream ps = new PlayStream(session, out, streamId, key, config.maxPlayerQueueBytes(), amf3);
    streams.put(streamId, ps);
    send(ChunkStreams.CONTROL, 0, UserControl.streamBegin(streamId));
    if (play.reset()) {
      status(
          streamId, StatusCode.LEVEL_STATUS, StatusCode.PLAY_RESET, "Playing and resetting " + key);
    }
    status(streamId, StatusCode.LEVEL_STATUS, StatusCode.PLAY_START, "Started playing " + key);
    send(ChunkStreams.DATA, streamId, DataMessage.of("|RtmpSampleAccess", true, true));
    LiveStream live = engine.streams().subscribe(key, ps);
    ps.subscribed(live);
    LOG.info("{}: playing {}", session.describe(), key);
    engine.listener().playStarted(session.info(), key);
  }

  private boolean ensureStream(int streamId, CommandMessage command) {
    if (streamId <= 0) {
      reply(
          command,
          Replies.error(
              command.transactionId(),
              StatusCode.CALL_FAILED,
              command.name() + " on stream 0: call createStream first",
              command.amf3()));
      return false;
    }
    if (!streams.containsKey(streamId)) {
      // Lenient: some clients use a stream id they did not create.
      if (streams.size() >= config.maxStreamsPerConnection()) {
        reply(
            command,
            Replies.error(
                command.transactionId(),
                StatusCode.CALL_FAILED,
                "too many streams (limit " + config.maxStreamsPerConnection() + ")",
                command.amf3()));
        return false;
      }
      streams.put(streamId, IDLE);
      nextStreamId = Math.max(nextStreamId, streamId + 1);
    }
    return true;
  }

  private void onDeleteStream(CommandMessage command) {
    if (command.argument(0) instanceof Number n) {
      int streamId = n.intValue();
      stopStream(streamId, "deleteStream");
      streams.remove(streamId);
    }
  }

  private void onFcUnpublish(CommandMessage command) {
    if (!(command.argument(0) instanceof String name)) {
      return;
    }
    String stripped = StreamNames.strip(name);
    for (Map.Entry<Integer, Object> e : new ArrayList<>(streams.entrySet())) {
      if (e.getValue() instanceof PublishStream ps && ps.live().key().name().equals(stripped)) {
        stopStream(e.getKey(), "FCUnpublish");
      }
    }
  }

  private void onPause(int streamId, CommandMessage command) {
    if (streams.get(streamId) instanceof PlayStream ps) {
      ps.pause(!(command.argument(0) instanceof Boolean b) || b);
    }
  }

  private void onReceive(int streamId, CommandMessage command) {
    if (streams.get(streamId) instanceof PlayStream ps
        && command.argument(0) instanceof Boolean receive) {
      if ("receiveAudio".equals(command.name())) {
        ps.receiveAudio(receive);
      } else {
        ps.receiveVideo(receive);
      }
    }
  }

  private void onMedia(int streamId, MediaFrame frame) {
    if (streams.get(streamId) instanceof PublishStream ps) {
      ps.live().onFrame(frame);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("session {}: media on stream {} that is not publishing", session.id(), streamId);
    }
  }

  private void onData(RawMessage raw, DataMessage data) {
    if (!(streams.get(raw.messageStreamId()) instanceof PublishStream ps)) {
      LOG.debug(
          "session {}: data {} on a stream that is not publishing", session.id(), data.name());
      return;
    }
    List<Object> values = data.values();
    if (SET_DATA_FRAME.equals(data.name())) {
      values = values.subList(1, values.size());
    }
    byte[] payload = MessageCodec.encode(new DataMessage(values, false));
    MediaFrame frame = MediaFrame.data(raw.timestamp(), payload);
    if (!values.isEmpty()
        && ON_META_DATA.equals(values.get(0))
        && values.size() > 1
        && values.get(1) instanceof Map<?, ?> properties) {
      Map<String, Object> copy = new LinkedHashMap<>();
      properties.forEach((k, v) -> copy.put(String.valueOf(k), v));
      ps.live().onMetadata(frame, copy);
    } else {
      ps.live().onFrame(frame);
    }
  }

  /** Ends whatever the stream does (publish or play) and leaves it created but idle. */
  private void stopStream(int streamId, String why) {
    Object current = streams.get(streamId);
    if (current == null || current == IDLE) {
      return;
    }
    streams.put(streamId, IDLE);
    stop(current, why);
  }

  private void stop(Object current, String why) {
    if (current instanceof PublishStream ps) {
      engine.streams().unpublish(ps.live(), ps);
      LOG.info("{}: stopped publishing {} ({})", session.describe(), ps.live().key(), why);
      if (!session.isClosed()) {
        status(
            ps.streamId(),
            StatusCode.LEVEL_STATUS,
            StatusCode.UNPUBLISH_SUCCESS,
            ps.live().key() + " is now unpublished");
      }
      engine.listener().publishStopped(session.info(), ps.live().key());
    } else if (current instanceof PlayStream ps) {
      if (ps.live() != null) {
        engine.streams().unsubscribe(ps.live(), ps);
      }
      LOG.info("{}: stopped playing {} ({})", session.describe(), ps.key(), why);
      engine.listener().playStopped(session.info(), ps.key());
    }
  }

  /** Ends every stream; called once when the session closes. */
  void closeAll() {
    for (Object current : new ArrayList<>(streams.values())) {
      if (current != IDLE) {
        stop(current, "session closed");
      }
    }
    streams.clear();
  }

  private void resultIfAsked(CommandMessage command) {
    if (command.transactionId() != 0) {
      reply(command, Replies.result(command.transactionId(), null, null, command.amf3()));
    }
  }

  private void reply(CommandMessage request, CommandMessage reply) {
    out.add(MessageCodec.toRaw(reply, ChunkStreams.COMMAND, 0, 0));
  }

  private void status(int streamId, String level, String code, String description) {
    out.add(
        MessageCodec.toRaw(
            Replies.onStatus(level, code, description, amf3), ChunkStreams.COMMAND, streamId, 0));
  }

  private void send(int chunkStreamId, int streamId, RtmpMessage message) {
    out.add(MessageCodec.toRaw(message, chunkStreamId, streamId, 0));
  }

  String app() {
    Connect c = connect;
    return c == null ? null : c.app();
  }

  String flashVer() {
    Connect c = connect;
    return c == null ? null : c.flashVer();
  }

  List<String> publishing() {
    return names(PublishStream.class);
  }

  List<String> playing() {
    return names(PlayStream.class);
  }

  long queuedMediaBytes() {
    long sum = 0;
    for (Object s : snapshot()) {
      if (s instanceof PlayStream ps) {
        sum += ps.queuedBytes();
      }
    }
    return sum;
  }

  private List<String> names(Class<?> kind) {
    List<String> names = new ArrayList<>();
    for (Object s : snapshot()) {
      if (s instanceof PublishStream ps && kind == PublishStream.class) {
        names.add(ps.live().key().toString());
      } else if (s instanceof PlayStream ps && kind == PlayStream.class) {
        names.add(ps.key().toString());
      }
    }
    return names;
  }

  /** The streams as seen from another thread (the console). */
  private List<Object> snapshot() {
    return new ArrayList<>(streams.values());
  }
}
