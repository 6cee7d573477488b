package io.rtmpt.engine.session;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;

/**
 * What sessions report, one no-op default method per event (after okhttp's EventListener):
 * implementations override what they need. The engine's {@code EngineListener} is the public face
 * of this interface. Calls come from transport threads (a session's input thread, the thread that
 * polls its output, a publisher's thread for a player's dropped frames), sometimes while a session
 * lock is held: implementations must be quick, must not block, and must not call back into the
 * session.
 */
public interface SessionEvents {
  /** A session was opened ({@link SessionInfo#state()} is "handshaking"). */
  default void sessionOpened(SessionInfo session) {}

  /** A session closed, for {@code reason}; called once per session. */
  default void sessionClosed(SessionInfo session, String reason) {}

  /**
   * A session's client asked for handshake {@code type} with its C0 byte and the policy accepts it
   * ({@link SessionInfo#handshake()} tells it from now on); once per session.
   */
  default void handshakeAccepted(SessionInfo session, HandshakeType type) {}

  /**
   * A session's client asked for a handshake {@code type} the policy refuses; {@link
   * #protocolError} follows with the same reason, and the session closes.
   */
  default void handshakeRefused(SessionInfo session, HandshakeType type, String reason) {}

  /** A connection was refused: the engine is at its connection limit or refuses new sessions. */
  default void sessionRejected(Transport transport, String remoteAddress, String reason) {}

  /** A connection is being closed for a protocol violation ({@code reason} names it). */
  default void protocolError(SessionInfo session, String reason) {}

  /** A session started publishing {@code key}. */
  default void publishStarted(SessionInfo session, StreamKey key) {}

  /** A session stopped publishing {@code key}. */
  default void publishStopped(SessionInfo session, StreamKey key) {}

  /** A session started playing {@code key}. */
  default void playStarted(SessionInfo session, StreamKey key) {}

  /** A session stopped playing {@code key}. */
  default void playStopped(SessionInfo session, StreamKey key) {}

  /** Bytes received from ({@code inbound}) or sent to ({@code outbound}) a client. */
  default void bytes(Transport transport, long inbound, long outbound) {}

  /** Whole frames dropped for a slow player since the last report. */
  default void framesDropped(SessionInfo session, int frames) {}
}
