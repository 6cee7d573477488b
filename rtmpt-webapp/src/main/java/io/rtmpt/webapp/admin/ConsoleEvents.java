package io.rtmpt.webapp.admin;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.SessionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin console's engine listener: tells the console when sessions and streams come and go (so
 * that it pushes at once rather than at the next sample) and remembers, per player, the frames
 * dropped for it in the last {@link #DROP_WINDOW}.
 *
 * <p>The engine takes its listener when it is built, before the console that watches the engine
 * exists: the console attaches its change signal with {@link #onChange} once, when it starts; until
 * then changes are not signalled (nobody is watching).
 */
public final class ConsoleEvents extends EngineListener {
  /** A player that dropped frames within this is warned about. */
  static final Duration DROP_WINDOW = Duration.ofMinutes(1);

  /**
   * The frames dropped for one player lately.
   *
   * @param sessionId the player's engine session
   * @param atMillis when frames were last dropped (epoch millis)
   * @param frames frames dropped since the first drop within the window
   */
  record Drop(long sessionId, long atMillis, long frames) {}

  private final ConcurrentHashMap<Long, Drop> drops = new ConcurrentHashMap<>();
  private volatile Runnable onChange = () -> {};

  /** Where to signal changes from now on. */
  void onChange(Runnable signal) {
    onChange = Objects.requireNonNull(signal, "signal");
  }

  /** The drops within {@link #DROP_WINDOW} before {@code nowMillis}; forgets older ones. */
  List<Drop> recentDrops(long nowMillis) {
    long cutoff = nowMillis - DROP_WINDOW.toMillis();
    drops.values().removeIf(d -> d.atMillis() < cutoff);
    return new ArrayList<>(drops.values());
  }

  @Override
  public void framesDropped(SessionInfo session, int frames) {
    long now = System.currentTimeMillis();
    drops.merge(
        session.id(),
        new Drop(session.id(), now, frames),
        (old, fresh) -> new Drop(fresh.sessionId(), now, old.frames() + fresh.frames()));
  }

  @Override
  public void sessionOpened(SessionInfo session) {
    onChange.run();
  }

  @Override
  public void sessionClosed(SessionInfo session, String reason) {
    onChange.run();
  }

  @Override
  public void publishStarted(SessionInfo session, StreamKey key) {
    onChange.run();
  }

  @Override
  public void publishStopped(SessionInfo session, StreamKey key) {
    onChange.run();
  }

  @Override
  public void playStarted(SessionInfo session, StreamKey key) {
    onChange.run();
  }

  @Override
  public void playStopped(SessionInfo session, StreamKey key) {
    onChange.run();
  }
}
