package io.rtmpt.engine;

import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.engine.session.SessionEvents;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;

/**
 * The sessions' events as the engine hears them when it records: each goes to the engine's
 * listener, and publish starts and ends also to the {@link Recordings} (after the listener, on the
 * publisher's input thread: starting a recording only subscribes its recorder).
 */
final class RecordingEvents implements SessionEvents {
  private final SessionEvents listener;
  private final Recordings recordings;

  RecordingEvents(SessionEvents listener, Recordings recordings) {
    this.listener = listener;
    this.recordings = recordings;
  }

  @Override
  public void publishStarted(SessionInfo session, StreamKey key) {
    listener.publishStarted(session, key);
    recordings.publishStarted(key);
  }

  @Override
  public void publishStopped(SessionInfo session, StreamKey key) {
    recordings.publishStopped(key);
    listener.publishStopped(session, key);
  }

  @Override
  public void sessionOpened(SessionInfo session) {
    listener.sessionOpened(session);
  }

  @Override
  public void sessionClosed(SessionInfo session, String reason) {
    listener.sessionClosed(session, reason);
  }

  @Override
  public void sessionRejected(Transport transport, String remoteAddress, String reason) {
    listener.sessionRejected(transport, remoteAddress, reason);
  }

  @Override
  public void protocolError(SessionInfo session, String reason) {
    listener.protocolError(session, reason);
  }

  @Override
  public void playStarted(SessionInfo session, StreamKey key) {
    listener.playStarted(session, key);
  }

  @Override
  public void playStopped(SessionInfo session, StreamKey key) {
    listener.playStopped(session, key);
  }

  @Override
  public void bytes(Transport transport, long inbound, long outbound) {
    listener.bytes(transport, inbound, outbound);
  }

  @Override
  public void framesDropped(SessionInfo session, int frames) {
    listener.framesDropped(session, frames);
  }
}
