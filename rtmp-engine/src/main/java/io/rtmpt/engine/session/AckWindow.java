package io.rtmpt.engine.session;

import io.rtmpt.engine.message.Acknowledgement;

/**
 * The acknowledgement side of flow control (RTMP specification 1.0, sections 5.4.3 and 5.4.4):
 * counts every byte received from the client, handshake included, and says when an Acknowledgement
 * is due because the client's Window Acknowledgement Size was reached since the last one. Until the
 * client announces a window nothing is acknowledged.
 *
 * <p>Not thread-safe: used on the session's input thread only.
 */
final class AckWindow {
  private long window;
  private long received;
  private long lastAcknowledged;

  /** The client's Window Acknowledgement Size, in bytes; 0 or less turns acknowledgements off. */
  void setWindow(long size) {
    window = size;
  }

  /** Counts {@code bytes} more received (handshake or chunk stream). */
  void received(long bytes) {
    received += bytes;
  }

  /** Total bytes counted. */
  long total() {
    return received;
  }

  /**
   * The Acknowledgement to send now, or null when less than a window was received since the last
   * one. Its sequence number is the total so far, modulo 2^32.
   */
  Acknowledgement due() {
    if (window <= 0 || received - lastAcknowledged < window) {
      return null;
    }
    lastAcknowledged = received;
    return new Acknowledgement(received & 0xFFFFFFFFL);
  }
}
