package io.rtmpt.webapp.config;

/**
 * What the backend bridge does with an RTMPE client (RTMPTE through the tunnel), {@code
 * rtmpt.backend-rtmpe}. Plain RTMP clients always pass untouched.
 */
public enum BackendRtmpe {
  /**
   * The gateway answers the client's encrypted handshake, opens a plain RTMP connection to the
   * backend, and decrypts and encrypts the bytes between them without parsing chunks: for backends
   * without RTMPE (nginx-rtmp, SRS). The default.
   */
  TERMINATE,
  /** The encrypted bytes pass untouched: for a backend that speaks RTMPE itself (Wowza, Red5). */
  PASS
}
