package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.Transport;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handshakes by transport and by the type the client's C0 asked for, accepted or refused by {@code
 * rtmpt.handshake-types}: counted by the engine's sessions in engine mode, by the RTMPE terminator
 * in backend mode (the tunnels there: {@code rtmpt}, {@code rtmpts}). Thread-safe, lock-free.
 */
public final class HandshakeCounts {
  private final LongAdder[][][] counts =
      new LongAdder[Transport.values().length][HandshakeType.values().length][2];

  public HandshakeCounts() {
    for (LongAdder[][] byType : counts) {
      for (LongAdder[] byResult : byType) {
        byResult[0] = new LongAdder();
        byResult[1] = new LongAdder();
      }
    }
  }

  /** A client's C0 asked for {@code type} and was accepted. */
  public void accepted(Transport transport, HandshakeType type) {
    counts[transport.ordinal()][type.ordinal()][1].increment();
  }

  /** A client's C0 asked for {@code type} and was refused. */
  public void refused(Transport transport, HandshakeType type) {
    counts[transport.ordinal()][type.ordinal()][0].increment();
  }

  /** Handshakes of one transport and type since start, accepted or refused ones. */
  public long get(Transport transport, HandshakeType type, boolean accepted) {
    return counts[transport.ordinal()][type.ordinal()][accepted ? 1 : 0].sum();
  }
}
