package io.rtmpt.webapp.loadgen;

import io.netty.util.concurrent.EventExecutor;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.testing.RtmpScript;
import java.util.Map;

/**
 * The commands of one generated client, in the order ffmpeg sends them: {@code connect}; then for a
 * publisher {@code releaseStream}, {@code FCPublish}, {@code createStream} and {@code publish}
 * (after a Set Chunk Size of 4096 sent with the connect); for a player {@code createStream}, {@code
 * play} and Set Buffer Length. The role is {@linkplain Events#ready ready} at the connect's {@code
 * _result} (idle), {@code NetStream.Publish.Start} (the source starts) or {@code
 * NetStream.Play.Start}.
 *
 * <pre>
 *   HANDSHAKING --handshake done--&gt; CONNECTING --_result--&gt; (idle) READY
 *                                        |            \--&gt; CREATING_STREAM --_result--&gt; STARTING
 *                                        |                                                 |
 *                                        |                 onStatus Publish.Start / Play.Start
 *                                        v                                                 v
 *                   _error, error onStatus: FAILED                                       READY
 * </pre>
 */
public final class CommandFlow {
  /** What the flow tells its transport. Called on the connection's event loop. */
  public interface Events {
    /** The role is under way. */
    void ready();

    /** The server refused something; the connection should end. */
    void failed(String reason);

    /** The source queued frames: send them (as the client's flush policy says). */
    void outputReady();

    /** The connection's event loop, for a paced source's timer. */
    EventExecutor executor();
  }

  private enum State {
    HANDSHAKING,
    CONNECTING,
    CREATING_STREAM,
    STARTING,
    READY,
    FAILED,
    CLOSED
  }

  private static final double CONNECT = 1;
  private static final double RELEASE_STREAM = 2;
  private static final double FC_PUBLISH = 3;
  private static final double CREATE_STREAM = 4;
  private static final long BUFFER_MILLIS = 3000;

  private final RtmpClientSession session;
  private final Role role;
  private final Events events;
  private State state = State.HANDSHAKING;
  private int streamId;

  CommandFlow(RtmpClientSession session, Role role, Events events) {
    this.session = session;
    this.role = role;
    this.events = events;
  }

  void handshakeDone() {
    if (role instanceof Role.Publish) {
      session.send(
          new SetChunkSize(RtmpClientSession.PUBLISH_CHUNK_SIZE),
          RtmpClientSession.CONTROL_CHUNK_STREAM,
          0);
    }
    String flashVer =
        role instanceof Role.Publish ? "FMLE/3.0 (compatible; rtmpt-loadgen)" : "LNX 9,0,124,2";
    command(
        0,
        "connect",
        CONNECT,
        AmfObject.of(
            "app",
            role.app(),
            "type",
            "nonprivate",
            "flashVer",
            flashVer,
            "tcUrl",
            "rtmp://127.0.0.1/" + role.app()));
    session.announceWindow();
    state = State.CONNECTING;
  }

  void message(RtmpMessage message, int messageStreamId) {
    if (!(message instanceof CommandMessage c) || state == State.FAILED) {
      return;
    }
    switch (c.name()) {
      case "_result" -> result(c);
      case "_error" -> fail(c.name() + " " + RtmpScript.statusCode(c));
      case "onStatus" -> status(c);
      default -> {
        // onBWDone, |RtmpSampleAccess, ...: nothing to do
      }
    }
  }

  private void result(CommandMessage c) {
    if (state == State.CONNECTING && c.transactionId() == CONNECT) {
      if (role instanceof Role.Idle) {
        ready();
      } else {
        if (role instanceof Role.Publish p) {
          command(0, "releaseStream", RELEASE_STREAM, null, p.stream());
          command(0, "FCPublish", FC_PUBLISH, null, p.stream());
        }
        command(0, "createStream", CREATE_STREAM, null);
        state = State.CREATING_STREAM;
      }
    } else if (state == State.CREATING_STREAM && c.transactionId() == CREATE_STREAM) {
      if (!(c.argument(0) instanceof Number id)) {
        fail("createStream _result without a stream id: " + c);
        return;
      }
      streamId = id.intValue();
      if (role instanceof Role.Publish p) {
        command(streamId, "publish", 0, null, p.stream(), "live");
      } else if (role instanceof Role.Play p) {
        command(streamId, "play", 0, null, p.stream(), -1000.0);
        session.send(
            new UserControl(UserControl.SET_BUFFER_LENGTH, streamId, BUFFER_MILLIS),
            RtmpClientSession.CONTROL_CHUNK_STREAM,
            0);
      }
      state = State.STARTING;
    }
  }

  private void status(CommandMessage c) {
    String code = RtmpScript.statusCode(c);
    Object level =
        c.arguments().stream()
            .filter(Map.class::isInstance)
            .map(m -> ((Map<?, ?>) m).get("level"))
            .findFirst()
            .orElse(null);
    if ("error".equals(level)) {
      fail("onStatus " + code);
    } else if (state == State.STARTING
        && ("NetStream.Publish.Start".equals(code) || "NetStream.Play.Start".equals(code))) {
      ready();
      if (role instanceof Role.Publish p) {
        p.source().start(session, events.executor(), events::outputReady);
      }
    }
  }

  void media(io.rtmpt.engine.chunk.RawMessage raw) {
    if (role instanceof Role.Play p) {
      p.stats().onMedia(raw.payload(), System.nanoTime());
    }
  }

  private void command(
      int onStream, String name, double transactionId, Object object, Object... a) {
    session.send(
        CommandMessage.of(name, transactionId, object, a),
        RtmpClientSession.COMMAND_CHUNK_STREAM,
        onStream);
  }

  private void ready() {
    state = State.READY;
    events.ready();
  }

  private void fail(String reason) {
    state = State.FAILED;
    events.failed(reason);
  }

  /** The message stream of the publish or play (0 before createStream answered). */
  int streamId() {
    return streamId;
  }

  /** Whether the role is under way (connected, publishing or playing). */
  public boolean isReady() {
    return state == State.READY;
  }

  /** Whether this client publishes and its transport should not poll while it does. */
  boolean isPublishing() {
    return role instanceof Role.Publish && state == State.READY;
  }

  /** A flat-out publisher's source, or null. */
  MediaSource flatOutSource() {
    return role instanceof Role.Publish p && !p.source().isPaced() && state == State.READY
        ? p.source()
        : null;
  }

  void close() {
    state = State.CLOSED;
    if (role instanceof Role.Publish p) {
      p.source().stop();
    }
  }
}
