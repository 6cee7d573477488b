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
import io.rtmpt.engine.vod.VodLibrary;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetStream commands of one session: publish, play, pause, seek, getStreamLength,
 * receiveAudio/Video and FCUnpublish, acting on its {@link NetStreams}. Every publish and play
 * request passes {@link #admit}, the one place where policy accepts or refuses it. Runs on the
 * session's input thread under its input lock.
 */
final class NetStreamCommands {
  private static final Logger LOG = LoggerFactory.getLogger(NetStreamCommands.class);

  private final ServerSession session;
  private final SessionRegistry host;
  private final Responder responder;
  private final OutboundQueue out;
  private final NetStreams streams;

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
  }

  /** Idle to publishing, if the name is free and {@link #admit} lets it. */
  void publish(int streamId, CommandMessage command, String app) throws RtmpProtocolException {
    Publish publish = Publish.from(command);
    if (!streams.ensureStream(streamId, command)) {
      return;
    }
    if (!(streams.get(streamId) instanceof IdleStream)) {
      refuse(streamId, StatusCode.PUBLISH_BAD_NAME, "stream " + streamId + " is already in use");
      return;
    }
    StreamKey key = new StreamKey(app, publish.streamName());
    if (!admit(Action.PUBLISH, key, publish.requestedName(), streamId)) {
      return;
    }
    PublishStream ps = new PublishStream(session, streamId, key);
    LiveStream live = host.streams().publish(key, ps, System.currentTimeMillis());
    if (live == null) {
      LOG.info("{}: publish {} refused: already being published", session.describe(), key);
      refuse(streamId, StatusCode.PUBLISH_BAD_NAME, key + " is already being published");
      return;
    }
    ps.attached(live);
    streams.started(ps);
    responder.control(UserControl.streamBegin(streamId));
    responder.status(streamId, LEVEL_STATUS, StatusCode.PUBLISH_START, key + " is now published");
    LOG.info("{}: publishing {} ({})", session.describe(), key, publish.publishType());
    host.events().publishStarted(session.info(), key);
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
    if (host.vod().serves(app)) {
      playFile(streamId, play, key);
      return;
    }
    int maxQueueBytes = host.config().maxPlayerQueueBytes();
    PlayStream ps =
        new PlayStream(
            streamId,
            key,
            maxQueueBytes,
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
   * Play of a file in an application that serves files ({@link VodLibrary}): the name resolves to a
   * file inside the application's directory or the client gets NetStream.Play.StreamNotFound
   * (hostile and missing names alike, with the reason in the log only); the file is opened and
   * played on the library's scheduler.
   */
  private void playFile(int streamId, Play play, StreamKey key) {
    Path file;
    try {
      file = host.vod().resolve(key.app(), key.name());
    } catch (FileNotFoundException e) {
      LOG.info("{}: play {} refused: {}", session.describe(), key, e.getMessage());
      refuse(streamId, StatusCode.PLAY_STREAM_NOT_FOUND, "No such stream: " + key.name());
      return;
    }
    VodStream vs = new VodStream(streamId, key, out, responder, session::outboundReady);
    long start = play.start() > 0 ? (long) play.start() : 0; // ms on the wire (FMS, nginx-rtmp)
    long maxQueued = host.config().maxPlayerQueueBytes() / 2;
    vs.attach(host.vod().player(file, vs, start, maxQueued));
    streams.started(vs);
    responder.control(UserControl.streamBegin(streamId));
    if (play.reset()) {
      responder.status(
          streamId, LEVEL_STATUS, StatusCode.PLAY_RESET, "Playing and resetting " + key);
    }
    responder.status(streamId, LEVEL_STATUS, StatusCode.PLAY_START, "Started playing " + key);
    responder.control(new UserControl(UserControl.STREAM_IS_RECORDED, streamId, 0));
    responder.data(streamId, DataMessage.of("|RtmpSampleAccess", true, true));
    vs.player().start();
    LOG.info("{}: playing file {} from {} ms", session.describe(), file, start);
    host.events().playStarted(session.info(), key);
  }

  /** NetStream.seek(milliseconds) on a stream that plays a file; live streams cannot seek. */
  void seek(int streamId, CommandMessage command) {
    if (streams.get(streamId) instanceof VodStream vs && command.argument(0) instanceof Number ms) {
      vs.player().seek(ms.longValue());
    } else {
      LOG.debug("{}: seek on stream {} ignored: not a file", session.describe(), streamId);
    }
  }

  /**
   * getStreamLength(name): the file's duration in seconds, answered from the library's scheduler
   * once the file is indexed (0 for a live stream or a name that is no file).
   */
  void getStreamLength(CommandMessage command, String app) {
    if (!host.vod().serves(app) || !(command.argument(0) instanceof String name)) {
      responder.result(command, null, 0.0);
      return;
    }
    Path file;
    try {
      file = host.vod().resolve(app, StreamNames.strip(name));
    } catch (FileNotFoundException e) {
      responder.result(command, null, 0.0);
      return;
    }
    host.vod()
        .durationLater(
            file,
            millis -> {
              responder.result(command, null, Math.max(0, millis) / 1000.0);
              session.outboundReady(0);
            });
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
    boolean pause = !(command.argument(0) instanceof Boolean b) || b;
    if (streams.get(streamId) instanceof PlayStream ps) {
      ps.pause(pause);
    } else if (streams.get(streamId) instanceof VodStream vs) {
      vs.player().pause(pause);
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
