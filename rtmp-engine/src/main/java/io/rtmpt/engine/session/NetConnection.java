package io.rtmpt.engine.session;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.command.Connect;
import io.rtmpt.engine.command.Replies;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.SetPeerBandwidth;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.WindowAckSize;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetConnection side of a session: connect, createStream, deleteStream, the commands that only
 * want a {@code _result} or nothing, unknown commands, pings and the client's window size. It also
 * routes the NetStream commands to {@link NetStreamCommands}. Runs on the session's input thread.
 */
final class NetConnection {
  private static final Logger LOG = LoggerFactory.getLogger(NetConnection.class);

  /** What a command means for the session's state: only an accepted connect changes it. */
  enum Event {
    NONE,
    CONNECTED
  }

  private final ServerSession session;
  private final SessionConfig config;
  private final Responder responder;
  private final OutboundQueue out;
  private final AckWindow ack;
  private final NetStreams streams;
  private final NetStreamCommands streamCommands;
  private volatile Connect connect;

  NetConnection(
      ServerSession session,
      SessionConfig config,
      Responder responder,
      OutboundQueue out,
      AckWindow ack,
      NetStreams streams,
      NetStreamCommands streamCommands) {
    this.session = session;
    this.config = config;
    this.responder = responder;
    this.out = out;
    this.ack = ack;
    this.streams = streams;
    this.streamCommands = streamCommands;
  }

  /**
   * Acts on one command received on message stream {@code streamId}.
   *
   * @throws RtmpProtocolException for a command before connect, or a connect, publish or play that
   *     cannot be read
   */
  Event onCommand(int streamId, CommandMessage command) throws RtmpProtocolException {
    String name = command.name();
    if (connect == null && !"connect".equals(name)) {
      throw new RtmpProtocolException("command " + name + " before connect");
    }
    LOG.debug("{}: command {} on stream {}", session.describe(), name, streamId);
    switch (name) {
      case "connect" -> {
        return connect(command);
      }
      case "createStream" -> createStream(command);
      case "deleteStream" -> {
        if (command.argument(0) instanceof Number id) {
          streams.delete(id.intValue());
        }
      }
      case "releaseStream", "FCPublish", "FCSubscribe", "FCUnsubscribe" ->
          responder.resultIfAsked(command);
      case "FCUnpublish" -> {
        streamCommands.fcUnpublish(command);
        responder.resultIfAsked(command);
      }
      case "publish" -> streamCommands.publish(streamId, command, connect.app());
      case "play" -> streamCommands.play(streamId, command, connect.app());
      case "closeStream" -> streams.stop(streamId, "closeStream");
      case "pause", "pauseRaw" -> streamCommands.pause(streamId, command);
      case "seek" -> streamCommands.seek(streamId, command);
      case "receiveAudio", "receiveVideo" -> streamCommands.receive(streamId, command);
      case "getStreamLength" -> streamCommands.getStreamLength(command, connect.app());
      case "_result", "_error", "onStatus", "onBWDone", "_checkbw" ->
          LOG.debug("{}: ignored {}", session.describe(), name);
      default -> {
        LOG.info("{}: unknown command {}", session.describe(), name);
        if (command.transactionId() != 0) {
          responder.callFailed(command, "unknown command: " + name);
        }
      }
    }
    return Event.NONE;
  }

  /** Protocol and user control messages the decoder did not already apply. */
  void onControl(RtmpMessage message) {
    if (message instanceof WindowAckSize window) {
      ack.setWindow(window.size());
    } else if (message instanceof UserControl control
        && control.eventType() == UserControl.PING_REQUEST) {
      responder.control(UserControl.pingResponse(control.value()));
    } else if (LOG.isDebugEnabled()) {
      // Set Chunk Size and Abort were applied by the decoder; acknowledgements, peer bandwidth,
      // other user control events and shared objects need no action here.
      LOG.debug("{}: {}", session.describe(), message);
    }
  }

  private Event connect(CommandMessage command) throws RtmpProtocolException {
    if (connect != null) {
      responder.callFailed(command, "already connected");
      return Event.NONE;
    }
    Connect c = Connect.from(command);
    connect = c;
    responder.objectEncoding(c.objectEncoding());
    responder.control(new WindowAckSize(config.windowAckSize()));
    responder.control(new SetPeerBandwidth(config.peerBandwidth(), SetPeerBandwidth.DYNAMIC));
    out.addChunkSizeChange(
        Responder.controlMessage(new SetChunkSize(config.outChunkSize())), config.outChunkSize());
    AmfObject properties =
        AmfObject.of("fmsVer", "FMS/3,5,7,7009", "capabilities", 31.0, "mode", 1.0);
    AmfObject information =
        Replies.info(StatusCode.LEVEL_STATUS, StatusCode.CONNECT_SUCCESS, "Connection succeeded.");
    information.put("objectEncoding", c.objectEncoding());
    responder.result(command, properties, information);
    LOG.info("{}: connected to app '{}' ({})", session.describe(), c.app(), c.flashVer());
    return Event.CONNECTED;
  }

  private void createStream(CommandMessage command) {
    int id = streams.create();
    if (id == 0) {
      int limit = config.maxStreamsPerConnection();
      responder.callFailed(command, "too many streams (limit " + limit + ")");
    } else {
      responder.result(command, null, (double) id);
    }
  }

  /** The application from connect, or null before it. */
  String app() {
    Connect c = connect;
    return c == null ? null : c.app();
  }

  /** The client's version string from connect, or null. */
  String flashVer() {
    Connect c = connect;
    return c == null ? null : c.flashVer();
  }
}
