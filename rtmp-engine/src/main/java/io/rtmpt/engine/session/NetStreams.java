package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.UserControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetStreams of one session by message stream id ({@link NetStream} has the state diagram):
 * creating, starting, stopping and deleting them, and passing media and data to the publishing
 * ones. The publish and play requests themselves are {@link NetStreamCommands}. Runs on the
 * session's input thread under its input lock; {@link #activity} may be read from any thread.
 */
final class NetStreams {
  private static final Logger LOG = LoggerFactory.getLogger(NetStreams.class);

  private final ServerSession session;
  private final SessionRegistry host;
  private final Responder responder;
  private final Map<Integer, NetStream> streams = new ConcurrentSkipListMap<>();
  private int nextStreamId = 1;

  /** What the session's streams do, for {@link SessionInfo}. */
  record Activity(List<String> publishing, List<String> playing, long queuedMediaBytes) {}

  NetStreams(ServerSession session, SessionRegistry host, Responder responder) {
    this.session = session;
    this.host = host;
    this.responder = responder;
  }

  /** createStream: the id of a new idle stream, or 0 at the per-connection limit. */
  int create() {
    if (streams.size() >= host.config().maxStreamsPerConnection()) {
      return 0;
    }
    int id = nextStreamId++;
    streams.put(id, new IdleStream(id));
    return id;
  }

  /**
   * Publish and play need a stream id other than 0. Lenient: some clients use a stream id they did
   * not create, so it is created on first use, within the per-connection limit.
   */
  boolean ensureStream(int streamId, CommandMessage command) {
    if (streamId <= 0) {
      responder.callFailed(command, command.name() + " on stream 0: call createStream first");
      return false;
    }
    if (!streams.containsKey(streamId)) {
      int limit = host.config().maxStreamsPerConnection();
      if (streams.size() >= limit) {
        responder.callFailed(command, "too many streams (limit " + limit + ")");
        return false;
      }
      streams.put(streamId, new IdleStream(streamId));
      nextStreamId = Math.max(nextStreamId, streamId + 1);
    }
    return true;
  }

  /** Idle (or playing, after {@link #stop}) to publishing or playing: the request was accepted. */
  void started(NetStream stream) {
    streams.put(stream.streamId(), stream);
  }

  /** Publishing or playing to idle (closeStream, FCUnpublish, a new play); idle stays idle. */
  void stop(int streamId, String why) {
    NetStream current = streams.get(streamId);
    if (current != null && !(current instanceof IdleStream)) {
      streams.put(streamId, new IdleStream(streamId));
      end(current, why, !session.isClosing());
    }
  }

  /**
   * Every publishing or playing stream to idle, the client told: the server stops them (a drain's
   * grace period is over) while the connection stays up, so that the client can end it itself. A
   * player gets Stream EOF (user control event 1) and {@code NetStream.Play.Stop} after what was
   * already queued for it, the end of a stream as an FMS announces it (ffmpeg reads either
   * Play.Stop or UnpublishNotify as the end of the input, librtmp closes on Play.Stop); a publisher
   * gets {@code NetStream.Unpublish.Success} and the players of its stream {@code
   * NetStream.Play.UnpublishNotify}.
   *
   * @return how many streams were stopped
   */
  int stopAll(String why) {
    int stopped = 0;
    for (NetStream s : new ArrayList<>(streams.values())) {
      if (s instanceof IdleStream) {
        continue;
      }
      stop(s.streamId(), why);
      if (s instanceof PlayStream ps) {
        responder.control(UserControl.streamEof(ps.streamId()));
        responder.status(
            ps.streamId(),
            StatusCode.LEVEL_STATUS,
            StatusCode.PLAY_STOP,
            "Stopped playing " + ps.key() + ": " + why);
      }
      stopped++;
    }
    return stopped;
  }

  /** deleteStream: any state to gone. */
  void delete(int streamId) {
    stop(streamId, "deleteStream");
    streams.remove(streamId);
  }

  /** Every stream ends; called once when the session closes. */
  void closeAll() {
    for (NetStream s : new ArrayList<>(streams.values())) {
      end(s, "session closed", false);
    }
    streams.clear();
  }

  private void end(NetStream stream, String why, boolean tellClient) {
    if (stream instanceof PublishStream ps) {
      host.streams().unpublish(ps.live(), ps);
      LOG.info("{}: stopped publishing {} ({})", session.describe(), ps.key(), why);
      if (tellClient) {
        String text = ps.key() + " is now unpublished";
        responder.status(
            ps.streamId(), StatusCode.LEVEL_STATUS, StatusCode.UNPUBLISH_SUCCESS, text);
      }
      host.events().publishStopped(session.info(), ps.key());
    } else if (stream instanceof VodStream vs) {
      vs.stop();
      LOG.info("{}: stopped playing file {} ({})", session.describe(), vs.key(), why);
      host.events().playStopped(session.info(), vs.key());
    } else if (stream instanceof PlayStream ps) {
      if (ps.live() != null) {
        host.streams().unsubscribe(ps.live(), ps);
      }
      LOG.info("{}: stopped playing {} ({})", session.describe(), ps.key(), why);
      host.events().playStopped(session.info(), ps.key());
    }
  }

  /**
   * The session's tick: ends the plays that waited {@code playWait} for a publisher (none when it
   * is zero), each with an onStatus {@code NetStream.Play.StreamNotFound}, on which ffmpeg and
   * librtmp players end. True when a status was queued.
   */
  boolean tick(long nowNanos) {
    long waitNanos = host.config().playWait().toNanos();
    if (waitNanos == 0) {
      return false;
    }
    boolean queued = false;
    for (NetStream s : streams.values()) {
      if (s instanceof PlayStream ps && ps.waitedTooLong(nowNanos, waitNanos)) {
        String why = "no publisher within " + waitNanos / 1_000_000 + " ms";
        stop(ps.streamId(), why);
        responder.status(
            ps.streamId(),
            StatusCode.LEVEL_ERROR,
            StatusCode.PLAY_STREAM_NOT_FOUND,
            ps.key() + ": " + why);
        queued = true;
      }
    }
    return queued;
  }

  /** Audio or video from the client: passed on if its stream publishes. */
  void onMedia(RawMessage raw) {
    if (streams.get(raw.messageStreamId()) instanceof PublishStream ps) {
      ps.onMedia(raw);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{}: media on stream {}, not publishing", session.describe(), raw.messageStreamId());
    }
  }

  /** A data message from the client: passed on if its stream publishes. */
  void onData(RawMessage raw, DataMessage data) {
    if (streams.get(raw.messageStreamId()) instanceof PublishStream ps) {
      ps.onData(raw.timestamp(), data);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{}: data {} on a stream not publishing", session.describe(), data.name());
    }
  }

  /** The publishing streams, a copy. */
  List<PublishStream> publishing() {
    List<PublishStream> out = new ArrayList<>();
    for (NetStream s : streams.values()) {
      if (s instanceof PublishStream ps) {
        out.add(ps);
      }
    }
    return out;
  }

  /** The stream with that id, or null. */
  NetStream get(int streamId) {
    return streams.get(streamId);
  }

  /** What the streams do now; safe from any thread. */
  Activity activity() {
    List<String> publishing = new ArrayList<>();
    List<String> playing = new ArrayList<>();
    long queued = 0;
    for (NetStream s : new ArrayList<>(streams.values())) {
      if (s instanceof PublishStream ps) {
        publishing.add(ps.key().toString());
      } else if (s instanceof PlayStream ps) {
        playing.add(ps.key().toString());
        queued += ps.queuedBytes();
      } else if (s instanceof VodStream vs) {
        playing.add(vs.key().toString());
        queued += vs.queuedBytes();
      }
    }
    return new Activity(publishing, playing, queued);
  }
}
