package io.rtmpt.engine.session;

import io.rtmpt.engine.live.LiveStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish requests of one session for names that another session publishes. An encoder that
 * reconnects finds its old connection still holding the name: a killed RTMPT encoder's tunnel
 * lingers until the tunnel's session timeout, a half-open TCP one until its pings fail. So the
 * request waits, unanswered, and is decided by the current publisher's frames:
 *
 * <ul>
 *   <li>it sends a frame after the request: it is alive, and the request is refused
 *       (NetStream.Publish.BadName);
 *   <li>it has sent no frame for {@code publishTakeoverQuiet}: the name passes to the newcomer,
 *       whose players see the next publisher ({@link
 *       io.rtmpt.engine.live.StreamRegistry#takeOver}), and the old session is closed;
 *   <li>it leaves meanwhile: the newcomer simply publishes.
 * </ul>
 *
 * A request is decided when it arrives if it can be, else at the session's ticks, so it waits at
 * most {@code publishTakeoverQuiet}. A waiting client sees nothing unusual: encoders wait for
 * NetStream.Publish.Start before they send media. Measured: a killed ffmpeg publishing over RTMPT
 * that is started again at once publishes 0.3 s after its predecessor's last frame, while a healthy
 * one sends a request per 10 frames (every 150 ms at 25 fps with audio, every 400 ms for video
 * alone), so a quiet threshold alone could not tell them apart, a wait can.
 *
 * <p>Runs on the session's input thread (the publish command, its ticks) under its input lock.
 */
final class Takeovers {
  private static final Logger LOG = LoggerFactory.getLogger(Takeovers.class);

  /** What becomes of a request: the session's publish sequence runs one of these. */
  interface Outcome {
    /** The registry attached {@code newcomer} to {@code live}: it publishes. */
    void started(PublishStream newcomer, LiveStream live, String publishType);

    /** The name stays with its publisher: NetStream.Publish.BadName. */
    void refused(PublishStream newcomer);
  }

  private record Pending(
      PublishStream newcomer, PublishStream current, long requestedNanos, String publishType) {}

  private final ServerSession session;
  private final SessionRegistry host;
  private final NetStreams streams;
  private final Outcome outcome;
  private final List<Pending> pending = new ArrayList<>();

  Takeovers(ServerSession session, SessionRegistry host, NetStreams streams, Outcome outcome) {
    this.session = session;
    this.host = host;
    this.streams = streams;
    this.outcome = outcome;
  }

  /**
   * A publish of a name the registry refused because someone publishes it: refused at once when
   * takeover is off or the publisher is this session or not a session's, else decided now or at a
   * later tick.
   */
  void request(PublishStream newcomer, String publishType) {
    LiveStream existing = host.streams().get(newcomer.key());
    Duration quiet = host.config().publishTakeoverQuiet();
    if (quiet == null
        || existing == null
        || !(existing.publisher() instanceof PublishStream current)
        || current.session() == session) {
      LOG.info(
          "{}: publish {} refused: already being published", session.describe(), newcomer.key());
      outcome.refused(newcomer);
      return;
    }
    Pending p = new Pending(newcomer, current, session.nanoTime(), publishType);
    if (!decide(p, p.requestedNanos())) {
      LOG.info(
          "{}: publish {} waits: {} publishes it and has sent no frame for {} ms",
          session.describe(),
          newcomer.key(),
          current.describe(),
          current.quietNanos(p.requestedNanos()) / 1_000_000);
      pending.add(p);
    }
  }

  /** True while a request on {@code streamId} waits. */
  boolean waiting(int streamId) {
    return pending.stream().anyMatch(p -> p.newcomer().streamId() == streamId);
  }

  /** The session's tick: decides what it can; true when a reply was queued. */
  boolean tick(long nowNanos) {
    boolean decided = false;
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      if (decide(it.next(), nowNanos)) {
        it.remove();
        decided = true;
      }
    }
    return decided;
  }

  /** Decides {@code p} if it can now: true then (the client was answered, or left the stream). */
  private boolean decide(Pending p, long now) {
    PublishStream newcomer = p.newcomer();
    if (!(streams.get(newcomer.streamId()) instanceof IdleStream)) {
      return true; // the client deleted the stream or played on it meanwhile
    }
    LiveStream live = host.streams().publish(newcomer.key(), newcomer, System.currentTimeMillis());
    if (live != null) {
      outcome.started(newcomer, live, p.publishType()); // the old publisher left
      return true;
    }
    LiveStream existing = host.streams().get(newcomer.key());
    PublishStream current = p.current();
    if (existing == null || existing.publisher() != current) {
      LOG.info(
          "{}: publish {} refused: another publisher took it first",
          session.describe(),
          newcomer.key());
      outcome.refused(newcomer);
      return true;
    }
    long quietMillis = current.quietNanos(now) / 1_000_000;
    if (current.quietNanos(now) < now - p.requestedNanos()) {
      LOG.info(
          "{}: publish {} refused: {} publishes it and sent a frame {} ms ago",
          session.describe(),
          newcomer.key(),
          current.describe(),
          quietMillis);
      outcome.refused(newcomer);
      return true;
    }
    if (quietMillis < host.config().publishTakeoverQuiet().toMillis()) {
      return false;
    }
    live = host.streams().takeOver(newcomer.key(), current, newcomer, System.currentTimeMillis());
    if (live == null) {
      outcome.refused(newcomer);
      return true;
    }
    LOG.info(
        "{}: takes {} over from {}, quiet for {} ms",
        session.describe(),
        newcomer.key(),
        current.describe(),
        quietMillis);
    current
        .session()
        .endSoon(
            "publish of "
                + newcomer.key()
                + " taken over by "
                + session.describe()
                + " after "
                + quietMillis
                + " ms without a frame");
    outcome.started(newcomer, live, p.publishType());
    return true;
  }
}
