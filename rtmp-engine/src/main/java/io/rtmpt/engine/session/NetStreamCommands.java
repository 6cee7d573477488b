package io.rtmpt.engine.session;

import static io.rtmpt.engine.command.StatusCode.LEVEL_STATUS;

import io.rtmpt.engine.command.Play;
import io.rtmpt.engine.command.Publish;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.command.StreamNames;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.session.StreamGate.Action;
import io.rtmpt.engine.session.StreamGate.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetStream commands of one session: publish, play, pause, receiveAudio/Video and FCUnpublish,
 * acting on its {@link NetStreams}. Every publish and play request passes {@link #admit}, the one
 * place where policy accepts or refuses it. Runs on the session's input thread under its input
 * lock.
 */
final class NetStreamCommands implements Takeovers.Outcome {
  private static final Logger LOG = LoggerFactory.getLogger(NetStreamCommands.class);

  private final ServerSession session;
  private final SessionRegistry host;
  private final Responder responder;
  private final OutboundQueue out;
  private final NetStreams streams;
  private final Takeovers takeovers;

  NetStreamCommands(
      ServerSession session,
      SessionRegistry host,
      Responder responder,
      OutboundQueue out,
      NetStreams streams) {
    this.session = session;
    this.host = host;
    this.responder = responder;
    this.out = out;
    this.streams = streams;
    this.takeovers = new Takeovers(session, host, streams, this);
  }

  /**
   * Idle to publishing, if {@link #admit} lets it and the name is free; a name that another session
   * publishes goes to {@link Takeovers}, which answers now or at a later tick.
   */
  void publish(int streamId, CommandMessage command, String app) throws RtmpProtocolException {
    Publish publish = Publish.from(command);
    if (!streams.ensureStream(streamId, command)) {
      return;
    }
    if (!(streams.get(streamId) instanceof IdleStream) || takeovers.waiting(streamId)) {
      refuse(streamId, StatusCode.PUBLISH_BAD_NAME, "stream " + streamId + " is already in use");
      return;
    }
    StreamKey key = new StreamKey(app, publish.streamName());
    if (!admit(Action.PUBLISH, key, publish.requestedName(), streamId)) {
      return;
    }
    PublishStream ps = new PublishStream(session, streamId, key, session.nanoTime());
    LiveStream live = host.streams().publish(key, ps, System.currentTimeMillis());
    if (live == null) {
      takeovers.request(ps, publish.publishType());
    } else {
      started(ps, live, publish.publishType());
    }
  }

  /** Idle to publishing: the registry attached {@code ps} to {@code live}. */
  @Override
  public void started(PublishStream ps, LiveStream live, String publishType) {
    int streamId = ps.streamId();
    ps.attached(live);
    streams.started(ps);
    responder.control(UserControl.streamBegin(streamId));
    responder.status(
        streamId, LEVEL_STATUS, StatusCode.PUBLISH_START, ps.key() + " is now published");
    LOG.info("{}: publishing {} ({})", session.describe(), ps.key(), publishType);
    host.events().publishStarted(session.info(), ps.key());
  }

  /** The name stays with its publisher. */
  @Override
  public void refused(PublishStream ps) {
    refuse(ps.streamId(), StatusCode.PUBLISH_BAD_NAME, ps.key() + " is already being published");
  }

  /** The session's tick: publish requests waiting for a takeover; true when one was answered. */
  boolean tick(long nowNanos) {
    return takeovers.tick(nowNanos);
  }

  /** Any state to playing, if {@link #admit} lets it; whatever the stream did before ends. */
  void play(int streamId, CommandMessage command, String app) throws RtmpProtocolException {
    Play play = Play.from(command);
    if (!streams.ensureStream(streamId, command)) {
      return;
    }
    StreamKey key = new StreamKey(app, play.streamName());
    if (!admit(Action.PLAY, key, play.requestedName(), streamId)) {
      return;
    }
    streams.stop(streamId, "new play");
    int maxQueueBytes = host.config().maxPlayerQueueBytes();
    PlayStream ps =
        new PlayStream(
            streamId,
            key,
            maxQueueBytes,
            host.config().publishNotify(),
            out,
            responder,
            session::requestClose,
            session::outboundReady);
    streams.started(ps);
    responder.control(UserControl.streamBegin(streamId));
    if (play.reset()) {
      responder.status(
          streamId, LEVEL_STATUS, StatusCode.PLAY_RESET, "Playing and resetting " + key);
    }
    responder.status(streamId, LEVEL_STATUS, StatusCode.PLAY_START, "Started playing " + key);
    responder.data(streamId, DataMessage.of("|RtmpSampleAccess", true, true));
    ps.subscribed(host.streams().subscribe(key, ps));
    LOG.info("{}: playing {}", session.describe(), key);
    host.events().playStarted(session.info(), key);
  }

  /**
   * THE place where a publish or play request is accepted or refused by policy: the session's
   * {@link StreamGate} decides (access control and recording hook in there). True to go ahead; on a
   * refusal the client has its onStatus error and the stream stays as it was.
   */
  private boolean admit(Action action, StreamKey key, String requestedName, int streamId) {
    StreamGate.Request request = new StreamGate.Request(action, key, requestedName, session.info());
    Verdict verdict = host.gate().admit(request);
    if (!verdict.allowed()) {
      LOG.info("{}: {} {} refused: {}", session.describe(), action, key, verdict.description());
      refuse(streamId, verdict.code(), verdict.description());
    }
    return verdict.allowed();
  }

  /** NetStream.pause(pause = true) and pauseRaw on a playing stream. */
  void pause(int streamId, CommandMessage command) {
    if (streams.get(streamId) instanceof PlayStream ps) {
      ps.pause(!(command.argument(0) instanceof Boolean b) || b);
    }
  }

  /** NetStream.receiveAudio(flag) and receiveVideo(flag) on a playing stream. */
  void receive(int streamId, CommandMessage command) {
    if (streams.get(streamId) instanceof PlayStream ps
        && command.argument(0) instanceof Boolean receive) {
      if ("receiveAudio".equals(command.name())) {
        ps.receiveAudio(receive);
      } else {
        ps.receiveVideo(receive);
      }
    }
  }

  /** FCUnpublish(name): ends this session's publish of that name. */
  void fcUnpublish(CommandMessage command) {
    if (command.argument(0) instanceof String name) {
      String stripped = StreamNames.strip(name);
      for (PublishStream ps : streams.publishing()) {
        if (ps.key().name().equals(stripped)) {
          streams.stop(ps.streamId(), "FCUnpublish");
        }
      }
    }
  }

  private void refuse(int streamId, String code, String description) {
    responder.status(streamId, StatusCode.LEVEL_ERROR, code, description);
  }
}
