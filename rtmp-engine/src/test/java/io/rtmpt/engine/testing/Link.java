package io.rtmpt.engine.testing;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * A byte pipe between a test client ({@link RtmpScript}) and an RTMP server, whatever carries it:
 * an in-process session ({@link SessionLink}), a TCP socket ({@link SocketLink}) or an RTMPT tunnel
 * (the webapp's {@code TunnelLink}). Not thread-safe: one test thread drives it.
 */
public interface Link extends Closeable {
  /**
   * Sends bytes to the server, in order.
   *
   * @throws IOException when the link is gone; an in-process session also throws the {@code
   *     RtmpProtocolException} with which it refused the bytes
   */
  void send(byte[] bytes) throws IOException;

  /**
   * The bytes that have arrived, waiting up to {@code timeout} for the first of them; an empty
   * array when none came in time. A zero timeout takes what is there without waiting.
   *
   * @throws EOFException once the server closed the link and everything it sent was received
   */
  byte[] receive(Duration timeout) throws IOException;

  /** The tcUrl a client uses for {@code app} over this link; only logs and relays look at it. */
  default String tcUrl(String app) {
    return "rtmp://127.0.0.1/" + app;
  }
}
