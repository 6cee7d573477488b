package io.rtmpt.engine.session;

import io.rtmpt.engine.command.Connect;
import io.rtmpt.engine.command.Play;
import io.rtmpt.engine.command.Publish;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.live.StreamKey;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Decides whether a connect, publish or play request goes ahead: the hook for access control
 * (tokens, allowed addresses, HTTP callbacks). The engine consults it in one place per command
 * ({@code NetConnection.connect}, {@code NetStreamCommands.publish} and {@code play}), after the
 * command was read and before anything changes; {@link #ALLOW_ALL} is the default. Refusals of the
 * protocol itself (a stream id already in use, a name another client already publishes) happen
 * around that call.
 *
 * <p><b>Asynchronous decisions.</b> {@link #admit} is called on the requesting session's input
 * thread with its input lock held: it must not block and must not call back into the session. A
 * quick rule returns a completed stage ({@link #deciding} makes such a gate from a function). A
 * slow one (an HTTP callback) returns a stage that completes later, on any thread: the session then
 * waits for it, holding the client's further input unprocessed (at most {@code
 * Admission.MAX_HELD_INPUT_BYTES}; the TCP transport stops reading meanwhile) while every other
 * session and the transport's threads go on; the verdict is applied under the session's input lock
 * and the held input is processed after it. A stage that completes exceptionally, or not within
 * {@code Admission.ADMISSION_TIMEOUT}, refuses the request.
 *
 * <p><b>Refusals</b> end the connection: the client gets the answer it understands for the action
 * ({@link Action#refusalCode}: {@code _error} {@code NetConnection.Connect.Rejected} for connect,
 * an onStatus error {@code NetStream.Publish.BadName} or {@code NetStream.Play.Failed} otherwise)
 * with the verdict's description, then the connection is closed once that reply is sent.
 */
@FunctionalInterface
public interface StreamGate {
  /** Accepts every request. */
  StreamGate ALLOW_ALL = deciding(request -> Verdict.ALLOW);

  /**
   * The decision for one request: a completed stage for a decision made now, or one that completes
   * later. Must not block or throw (a throw refuses the request).
   */
  CompletionStage<Verdict> admit(Request request);

  /** A gate that decides at once by {@code rule}. */
  static StreamGate deciding(Function<Request, Verdict> rule) {
    Objects.requireNonNull(rule, "rule");
    return request -> CompletableFuture.completedFuture(rule.apply(request));
  }

  /** What a client asks for. */
  enum Action {
    CONNECT(StatusCode.CONNECT_REJECTED),
    PUBLISH(StatusCode.PUBLISH_BAD_NAME),
    PLAY(StatusCode.PLAY_FAILED);

    private final String refusalCode;

    Action(String refusalCode) {
      this.refusalCode = refusalCode;
    }

    /**
     * The status code a refusal of this action carries: what Flash Player, ffmpeg and OBS read as
     * "refused" (FMS and nginx-rtmp use the same codes).
     */
    public String refusalCode() {
      return refusalCode;
    }
  }

  /**
   * One connect, publish or play request.
   *
   * @param action what is asked for
   * @param session the requesting session, as it is when asking
   * @param connect the session's connect command (for a connect request: this one)
   * @param key for publish and play: the application from connect and the stream name without its
   *     query string; null for connect
   * @param publish the publish command, for {@link Action#PUBLISH}; else null
   * @param play the play command, for {@link Action#PLAY}; else null
   */
  record Request(
      Action action,
      SessionInfo session,
      Connect connect,
      StreamKey key,
      Publish publish,
      Play play) {
    public Request {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(connect, "connect");
      if ((action == Action.CONNECT) != (key == null)
          || (action == Action.PUBLISH) != (publish != null)
          || (action == Action.PLAY) != (play != null)) {
        throw new IllegalArgumentException("a " + action + " request with the wrong parts");
      }
    }

    /** A connect request. */
    public static Request connect(SessionInfo session, Connect connect) {
      return new Request(Action.CONNECT, session, connect, null, null, null);
    }

    /** A publish request for {@code key}. */
    public static Request publish(
        SessionInfo session, Connect connect, StreamKey key, Publish publish) {
      return new Request(Action.PUBLISH, session, connect, key, publish, null);
    }

    /** A play request for {@code key}. */
    public static Request play(SessionInfo session, Connect connect, StreamKey key, Play play) {
      return new Request(Action.PLAY, session, connect, key, null, play);
    }

    /**
     * The stream name exactly as the client sent it, query string included (where clients put
     * tokens: {@code cam?token=...}); null for connect.
     */
    public String requestedName() {
      return publish != null ? publish.requestedName() : play != null ? play.requestedName() : null;
    }

    /**
     * The query string the client sent with the name (after its first {@code ?}), or with the
     * application for connect; the empty string when there is none.
     */
    public String query() {
      if (action == Action.CONNECT) {
        return connect.query();
      }
      String name = requestedName();
      int question = name.indexOf('?');
      return question < 0 ? "" : name.substring(question + 1);
    }
  }

  /**
   * A decision.
   *
   * @param allowed true to go ahead
   * @param description the text of a refusal, sent to the client (say why; never a secret); null
   *     when allowed
   * @param rename when allowed: the name to use instead of the requested one (a stream name for
   *     publish and play, an application for connect; nginx-rtmp's 3xx redirect of {@code
   *     on_publish}, {@code on_play} and {@code on_connect}), or null to keep it
   */
  record Verdict(boolean allowed, String description, String rename) {
    /** Go ahead. */
    public static final Verdict ALLOW = new Verdict(true, null, null);

    public Verdict {
      if (allowed && description != null) {
        throw new IllegalArgumentException("an allowing verdict has no description");
      }
      if (!allowed && (description == null || rename != null)) {
        throw new IllegalArgumentException("a refusal has a description and no rename");
      }
      if (rename != null && rename.isBlank()) {
        throw new IllegalArgumentException("blank rename");
      }
    }

    /** Go ahead under another name ({@code rename}). */
    public static Verdict allowAs(String rename) {
      return new Verdict(true, null, Objects.requireNonNull(rename, "rename"));
    }

    /** Refuse, telling the client {@code description}. */
    public static Verdict refuse(String description) {
      return new Verdict(false, Objects.requireNonNull(description, "description"), null);
    }
  }
}
