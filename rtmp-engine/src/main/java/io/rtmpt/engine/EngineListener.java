package io.rtmpt.engine;

import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;

/**
 * Engine events for metrics and the console, one no-op method per event (after okhttp's
 * EventListener): override what you need. Calls come from transport threads and must be quick.
 */
public abstract class EngineListener {
  public static final EngineListener NONE = new EngineListener() {};

  public void sessionOpened(SessionInfo session) {}

  public void sessionClosed(SessionInfo session, String reason) {}

  /** A connection was refused because the engine is at its connection limit. */
  public void sessionRejected(Transport transport, String remoteAddress, String reason) {}

  /** A connection was closed for a protocol violation. */
  public void protocolError(SessionInfo session, String reason) {}

  public void publishStarted(SessionInfo session, StreamKey key) {}

  public void publishStopped(SessionInfo session, StreamKey key) {}

  public void playStarted(SessionInfo session, StreamKey key) {}

  public void playStopped(SessionInfo session, StreamKey key) {}

  /** Bytes received from (inbound) or sent to (outbound) a client. */
  public void bytes(Transport transport, long inbound, long outbound) {}

  /** Whole frames dropped for a slow player. */
  public void framesDropped(SessionInfo session, int frames) {}
}
