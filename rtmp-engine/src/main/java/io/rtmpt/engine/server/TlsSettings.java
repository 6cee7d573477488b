package io.rtmpt.engine.server;

import java.time.Duration;
import java.util.Objects;

/**
 * TLS of the RTMPS listener.
 *
 * @param certificates where the key and certificate chain come from
 * @param handshakeTimeout time a client has to complete the TLS handshake; the connection is closed
 *     after it (the RTMP handshake timeout of the engine runs on top)
 * @param reloadCheckInterval how often the certificate files are checked for changes (a renewal):
 *     when their content changed they are loaded again and new connections get the new certificate,
 *     running ones keep theirs; {@link Duration#ZERO} disables the check ({@link
 *     RtmpServer#reloadCertificate()} still works)
 */
public record TlsSettings(
    CertificateSource certificates, Duration handshakeTimeout, Duration reloadCheckInterval) {

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RELOAD_CHECK_INTERVAL = Duration.ofMinutes(1);

  public TlsSettings {
    Objects.requireNonNull(certificates, "certificates");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
    }
    if (reloadCheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "reloadCheckInterval must not be negative: " + reloadCheckInterval);
    }
  }

  /** The default timeouts: 10 s TLS handshake, files checked once a minute. */
  public static TlsSettings of(CertificateSource certificates) {
    return new TlsSettings(certificates, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_RELOAD_CHECK_INTERVAL);
  }
}
