package io.rtmpt.engine.session;

import static io.rtmpt.engine.command.StatusCode.LEVEL_STATUS;

import io.rtmpt.engine.command.Connect;
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
import io.rtmpt.engine.vod.VodLibrary;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetStream commands of one session: publish, play, pause, seek, getStreamLength,
 * receiveAudio/Video and FCUnpublish, acting on its {@link NetStreams}. Every publish and play
 * request passes {@link #admit}, the one place where policy accepts or refuses it. Runs on the
 * session's input thread under its input lock (or on the thread of a gate's later decision, under
 * the same lock).
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
  void publish(int streamId, CommandMessage command, Connect connect) throws RtmpProtocolException {
    Publish publish = Publish.from(command);
    if (!streams.ensureStream(streamId, command)) {
      return;
    }
    if (!(streams.get(streamId) instanceof IdleStream) || takeovers.waiting(streamId)) {
      refuse(streamId, StatusCode.PUBLISH_BAD_NAME, "stream " + streamId + " is already in use");
      return;
    }
    StreamKey requested = new StreamKey(connect.app(), publish.streamName());
    admit(
        StreamGate.Request.publish(session.info(), connect, requested, publish),
        streamId,
        key -> startPublish(streamId, key, publish));
  }

  private void startPublish(int streamId, StreamKey key, Publish publish) {
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
  void play(int streamId, CommandMessage command, Connect connect) throws RtmpProtocolException {
    Play play = Play.from(command);
    if (!streams.ensureStream(streamId, command)) {
      return;
    }
    StreamKey requested = new StreamKey(connect.app(), play.streamName());
    admit(
        StreamGate.Request.play(session.info(), connect, requested, play),
        streamId,
        key -> startPlay(streamId, key, play));
  }

  private void startPlay(int streamId, StreamKey key, Play play) {
    streams.stop(streamId, "new play");
    if (host.vod().serves(key.app())) {
      playFile(streamId, play, key);
      return;
    }
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
   * THE place where a publish or play request is accepted or refused by policy: the engine's {@link
   * StreamGate} decides, now or later ({@link ServerSession#admit}). Allowed, {@code then} runs
   * with the stream's key (renamed if the verdict says so); refused, the client gets the action's
   * onStatus error with the verdict's description and the connection closes once it is sent.
   */
  private void admit(StreamGate.Request request, int streamId, Consumer<StreamKey> then) {
    session.admit(
        request,
        verdict -> {
          if (!verdict.allowed()) {
            LOG.debug( // the gate logs its refusals, at most once per reason and interval
                "{}: {} {} refused: {}",
                session.describe(),
                request.action(),
                request.key(),
                verdict.description());
            refuse(streamId, request.action().refusalCode(), verdict.description());
            session.closeAfterReply(
                request.action().name().toLowerCase(Locale.ROOT)
                    + " refused: "
                    + verdict.description());
            return;
          }
          StreamKey key = request.key();
          if (verdict.rename() != null && !StreamNames.strip(verdict.rename()).isEmpty()) {
            key = new StreamKey(key.app(), StreamNames.strip(verdict.rename()));
            LOG.info(
                "{}: {} {} renamed {}", session.describe(), request.action(), request.key(), key);
          }
          then.accept(key);
        });
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
