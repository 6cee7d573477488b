package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's events counted by transport since the gateway started: the one source the metrics
 * and the admin console both read. Only an engine raises these events; in backend mode every count
 * stays 0. Thread-safe and lock-free: {@link #bytes} runs on every read and write of every session.
 */
public final class EngineCounters extends EngineListener {

  /** What is counted. */
  public enum Count {
    /** Sessions opened. */
    SESSIONS_OPENED,
    /** Connections refused at the engine's connection limit. */
    SESSIONS_REJECTED,
    /** Sessions closed for a protocol violation. */
    PROTOCOL_ERRORS,
    /** RTMP bytes received from clients. */
    BYTES_IN,
    /** RTMP bytes sent to clients. */
    BYTES_OUT,
    /** Whole frames dropped for players slower than their stream. */
    DROPPED_FRAMES,
    /** Publishes started. */
    PUBLISHES,
    /** Plays started. */
    PLAYS
  }

  private final LongAdder[][] counts =
      new LongAdder[Count.values().length][Transport.values().length];
  private final HandshakeCounts handshakes = new HandshakeCounts();

  public EngineCounters() {
    for (LongAdder[] byTransport : counts) {
      for (int t = 0; t < byTransport.length; t++) {
        byTransport[t] = new LongAdder();
      }
    }
  }

  /** One count of one transport. */
  public long get(Count count, Transport transport) {
    return counts[count.ordinal()][transport.ordinal()].sum();
  }

  /** One count over every transport. */
  public long total(Count count) {
    long total = 0;
    for (LongAdder adder : counts[count.ordinal()]) {
      total += adder.sum();
    }
    return total;
  }

  /** The sessions' handshakes by transport and type. */
  public HandshakeCounts handshakes() {
    return handshakes;
  }

  private void add(Count count, Transport transport, long n) {
    counts[count.ordinal()][transport.ordinal()].add(n);
  }

  @Override
  public void sessionOpened(SessionInfo session) {
    add(Count.SESSIONS_OPENED, session.transport(), 1);
  }

  @Override
  public void handshakeAccepted(SessionInfo session, HandshakeType type) {
    handshakes.accepted(session.transport(), type);
  }

  @Override
  public void handshakeRefused(SessionInfo session, HandshakeType type, String reason) {
    handshakes.refused(session.transport(), type);
  }

  @Override
  public void sessionRejected(Transport transport, String remoteAddress, String reason) {
    add(Count.SESSIONS_REJECTED, transport, 1);
  }

  @Override
  public void protocolError(SessionInfo session, String reason) {
    add(Count.PROTOCOL_ERRORS, session.transport(), 1);
  }

  @Override
  public void publishStarted(SessionInfo session, StreamKey key) {
    add(Count.PUBLISHES, session.transport(), 1);
  }

  @Override
  public void playStarted(SessionInfo session, StreamKey key) {
    add(Count.PLAYS, session.transport(), 1);
  }

  @Override
  public void bytes(Transport transport, long inbound, long outbound) {
    if (inbound > 0) {
      add(Count.BYTES_IN, transport, inbound);
    }
    if (outbound > 0) {
      add(Count.BYTES_OUT, transport, outbound);
    }
  }

  @Override
  public void framesDropped(SessionInfo session, int frames) {
    add(Count.DROPPED_FRAMES, session.transport(), frames);
  }
}
