package io.rtmpt.engine.session;

import io.rtmpt.engine.message.UserControl;
import java.time.Duration;

/**
 * Whether a connected peer is still there, decided the way nginx-rtmp's {@code ping} and {@code
 * ping_timeout} do, without a thread of its own: the session asks {@link #check} at every tick.
 *
 * <p>A peer is alive while bytes flow either way. Bytes from the peer prove it directly. Bytes to
 * the peer count too, because a transport only takes them while the peer takes them: the TCP
 * listener polls the session only while its channel is writable, which stops once the peer reads
 * nothing and the socket buffers are full, and an RTMPT tunnel only while the client polls. So a
 * player of a stream is never pinged, however rarely it sends an Acknowledgement (ffmpeg sends one
 * per 2.5 MB: 5 minutes of a 64 kbit/s stream), and neither is a publisher.
 *
 * <p>After {@code interval} with no byte in either direction the peer is sent a User Control Ping
 * Request (RTMP specification 1.0, section 7.1.7); from then on only bytes from the peer count (its
 * Ping Response or anything else). If none has come {@code timeout} after the ping, the peer is
 * given up. ffmpeg, librtmp, GStreamer and Flash Player answer pings at once.
 *
 * <pre>
 *   QUIET &lt; interval ---- interval without a byte either way: PING ----&gt; PINGED
 *      ^                                                                  |
 *      +------------------ any byte from the peer ------------------------+
 *                                                                         |
 *                          timeout without a byte from the peer: CLOSE ---+
 * </pre>
 *
 * <p>Before the client's connect is accepted only the handshake timeout applies: a session that has
 * not connected within it is closed ({@code EngineConfig.handshakeTimeout}).
 *
 * <p>Times are {@link System#nanoTime}-style readings of the engine's clock. Not thread-safe: used
 * under the session's input lock.
 */
final class Liveness {
  /** What the session does after a {@link #check}. */
  enum Action {
    NONE,
    PING,
    CLOSE
  }

  private final long openedAtNanos;
  private final long handshakeTimeoutNanos;
  private final long intervalNanos;
  private final long timeoutNanos;
  private boolean pinged;
  private long pingSentNanos;
  private long pingsSent;

  Liveness(SessionConfig config, long openedAtNanos) {
    this(config.handshakeTimeout(), config.pingInterval(), config.pingTimeout(), openedAtNanos);
  }

  Liveness(Duration handshakeTimeout, Duration interval, Duration timeout, long openedAtNanos) {
    this.openedAtNanos = openedAtNanos;
    this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * What to do now.
   *
   * @param nowNanos the clock now
   * @param connected whether the client's connect was accepted: before, only the handshake timeout
   *     counts
   * @param lastReceivedNanos when the last byte from the peer arrived (or the session opened)
   * @param lastSentNanos when the transport last took bytes for the peer (or the session opened)
   */
  Action check(long nowNanos, boolean connected, long lastReceivedNanos, long lastSentNanos) {
    if (!connected) {
      return nowNanos - openedAtNanos >= handshakeTimeoutNanos ? Action.CLOSE : Action.NONE;
    }
    if (pinged) {
      if (lastReceivedNanos - pingSentNanos >= 0) {
        pinged = false; // answered, by the Ping Response or any other byte
      } else if (nowNanos - pingSentNanos >= timeoutNanos) {
        return Action.CLOSE;
      } else {
        return Action.NONE;
      }
    }
    long lastFlow = lastReceivedNanos - lastSentNanos >= 0 ? lastReceivedNanos : lastSentNanos;
    if (nowNanos - lastFlow >= intervalNanos) {
      pinged = true;
      pingSentNanos = nowNanos;
      pingsSent++;
      return Action.PING;
    }
    return Action.NONE;
  }

  /** The reason to give when {@link #check} said {@link Action#CLOSE}. */
  String closeReason(long nowNanos, boolean connected, long lastReceivedNanos) {
    if (!connected) {
      return "no connect within " + handshakeTimeoutNanos / 1_000_000 + " ms";
    }
    return "no answer to a ping within "
        + timeoutNanos / 1_000_000
        + " ms (nothing received for "
        + (nowNanos - lastReceivedNanos) / 1_000_000
        + " ms)";
  }

  /**
   * The Ping Request to send when {@link #check} said {@link Action#PING}: its timestamp is the
   * session's age in ms, modulo 2^32.
   */
  UserControl pingRequest(long nowNanos) {
    return UserControl.pingRequest(((nowNanos - openedAtNanos) / 1_000_000) & 0xFFFFFFFFL);
  }

  /** Ping Requests sent so far. */
  long pingsSent() {
    return pingsSent;
  }
}
