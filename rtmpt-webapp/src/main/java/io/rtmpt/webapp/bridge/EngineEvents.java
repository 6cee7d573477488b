package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one listener, passing every event on to a fixed list of listeners: the gateway's
 * {@link EngineCounters} and the admin console's. A listener that throws is logged and skipped: the
 * others and the session that raised the event go on.
 */
final class EngineEvents extends EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);

  private final List<EngineListener> listeners;

  EngineEvents(List<EngineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<EngineListener> call) {
    for (EngineListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("engine listener {} failed on {}", listener, event, e);
      }
    }
  }

  @Override
  public void sessionOpened(SessionInfo session) {
    each("sessionOpened", l -> l.sessionOpened(session));
  }

  @Override
  public void sessionClosed(SessionInfo session, String reason) {
    each("sessionClosed", l -> l.sessionClosed(session, reason));
  }

  @Override
  public void handshakeAccepted(SessionInfo session, HandshakeType type) {
    each("handshakeAccepted", l -> l.handshakeAccepted(session, type));
  }

  @Override
  public void handshakeRefused(SessionInfo session, HandshakeType type, String reason) {
    each("handshakeRefused", l -> l.handshakeRefused(session, type, reason));
  }

  @Override
  public void sessionRejected(Transport transport, String remoteAddress, String reason) {
    each("sessionRejected", l -> l.sessionRejected(transport, remoteAddress, reason));
  }

  @Override
  public void protocolError(SessionInfo session, String reason) {
    each("protocolError", l -> l.protocolError(session, reason));
  }

  @Override
  public void publishStarted(SessionInfo session, StreamKey key) {
    each("publishStarted", l -> l.publishStarted(session, key));
  }

  @Override
  public void publishStopped(SessionInfo session, StreamKey key) {
    each("publishStopped", l -> l.publishStopped(session, key));
  }

  @Override
  public void playStarted(SessionInfo session, StreamKey key) {
    each("playStarted", l -> l.playStarted(session, key));
  }

  @Override
  public void playStopped(SessionInfo session, StreamKey key) {
    each("playStopped", l -> l.playStopped(session, key));
  }

  @Override
  public void bytes(Transport transport, long inbound, long outbound) {
    for (EngineListener listener : listeners) { // per read and write: no lambda
      try {
        listener.bytes(transport, inbound, outbound);
      } catch (RuntimeException e) {
        LOG.warn("engine listener {} failed on bytes", listener, e);
      }
    }
  }

  @Override
  public void framesDropped(SessionInfo session, int frames) {
    each("framesDropped", l -> l.framesDropped(session, frames));
  }
}
