package io.rtmpt.engine.session;

import io.rtmpt.engine.live.StreamKey;
import java.util.Objects;

/**
 * Decides whether a publish or play request goes ahead: the hook for access control (tokens,
 * allowed addresses) and for recording. The engine consults it in exactly one place, {@code
 * NetStreamCommands.admit}, once per publish or play command, after the command was read and before
 * anything changes; {@link #ALLOW_ALL} is the default. Refusals of the protocol itself (a stream id
 * already in use, a name another client already publishes) happen around that call.
 *
 * <p>Called on the requesting session's input thread with its input lock held: decide quickly,
 * never block, never call back into the session.
 */
@FunctionalInterface
public interface StreamGate {
  /** Accepts every request. */
  StreamGate ALLOW_ALL = request -> Verdict.ALLOW;

  /** The decision for one request. */
  Verdict admit(Request request);

  /** What a client asks for. */
  enum Action {
    PUBLISH,
    PLAY
  }

  /**
   * One publish or play request.
   *
   * @param action publish or play
   * @param key the application from connect and the stream name without its query string
   * @param requestedName the name exactly as the client sent it, query string included (where
   *     clients put tokens: {@code cam?token=...})
   * @param session the requesting session
   */
  record Request(Action action, StreamKey key, String requestedName, SessionInfo session) {
    public Request {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(requestedName, "requestedName");
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * A decision. A refusal is sent to the client as an onStatus of level "error" on the request's
   * stream with {@code code} and {@code description}; the stream stays idle and the connection
   * open.
   *
   * @param allowed true to go ahead
   * @param code the status code of a refusal, for example {@code NetStream.Play.Failed}; null when
   *     allowed
   * @param description the text of a refusal; null when allowed
   */
  record Verdict(boolean allowed, String code, String description) {
    /** Go ahead. */
    public static final Verdict ALLOW = new Verdict(true, null, null);

    /** Refuse with an onStatus error of this code and text. */
    public static Verdict refuse(String code, String description) {
      return new Verdict(false, Objects.requireNonNull(code), Objects.requireNonNull(description));
    }
  }
}
