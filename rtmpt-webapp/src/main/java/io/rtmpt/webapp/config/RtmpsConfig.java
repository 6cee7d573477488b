package io.rtmpt.webapp.config;

import io.rtmpt.engine.server.CertificateSource;
import io.rtmpt.engine.server.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The native RTMPS listener of the in-process engine (RTMP inside TLS from the first byte; 443 is
 * the conventional public port, 1935 is sometimes reused): off unless {@code rtmpt.rtmps-port} is
 * set, and then it needs a certificate, from a key store or from PEM files.
 *
 * @param host bind address ({@code rtmpt.rtmps-host})
 * @param port port; 0 = no listener ({@code rtmpt.rtmps-port})
 * @param tls the certificate and timeouts, null when {@code port} is 0
 */
public record RtmpsConfig(String host, int port, TlsSettings tls) {
  public static final String PORT = "rtmpt.rtmps-port";
  public static final String HOST = "rtmpt.rtmps-host";
  public static final String KEYSTORE = "rtmpt.rtmps-keystore";
  public static final String KEYSTORE_PASSWORD = "rtmpt.rtmps-keystore-password";
  public static final String CERTIFICATE = "rtmpt.rtmps-certificate";
  public static final String PRIVATE_KEY = "rtmpt.rtmps-private-key";
  public static final String PRIVATE_KEY_PASSWORD = "rtmpt.rtmps-private-key-password";
  public static final String HANDSHAKE_TIMEOUT = "rtmpt.rtmps-handshake-timeout-ms";
  public static final String RELOAD_CHECK = "rtmpt.rtmps-reload-check-ms";

  public static final String DEFAULT_HOST = "0.0.0.0";

  public RtmpsConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
    if ((port > 0) != (tls != null)) {
      throw new IllegalArgumentException("a listener needs TLS settings, and only a listener");
    }
  }

  /** No RTMPS listener. */
  public static RtmpsConfig off() {
    return new RtmpsConfig(DEFAULT_HOST, 0, null);
  }

  public boolean enabled() {
    return port > 0;
  }

  /**
   * The settings that name where the certificate comes from, for messages: "rtmpt.rtmps-keystore,
   * rtmpt.rtmps-keystore-password" or "rtmpt.rtmps-certificate, rtmpt.rtmps-private-key".
   */
  public String certificateSettings() {
    return tls != null && tls.certificates() instanceof CertificateSource.PemFiles
        ? CERTIFICATE + ", " + PRIVATE_KEY
        : KEYSTORE + ", " + KEYSTORE_PASSWORD;
  }

  /**
   * Reads the listener's settings. With a port, exactly one certificate source must be given: a key
   * store and its password, or a PEM certificate chain and private key (and the key's password if
   * it is encrypted). Files are read when the listener starts.
   *
   * @throws IllegalArgumentException naming the setting that is missing, contradicts another, or
   *     holds a bad value
   */
  public static RtmpsConfig from(Settings settings) {
    int port = settings.getInt(PORT, 0, 0, 65535);
    String host = settings.getString(HOST, DEFAULT_HOST);
    if (port == 0) {
      return new RtmpsConfig(host, 0, null);
    }
    String keystore = settings.getString(KEYSTORE, null);
    String certificate = settings.getString(CERTIFICATE, null);
    String privateKey = settings.getString(PRIVATE_KEY, null);
    CertificateSource source;
    if (keystore != null) {
      if (certificate != null || privateKey != null) {
        throw new IllegalArgumentException(
            KEYSTORE
                + " from "
                + settings.describe(KEYSTORE)
                + " and "
                + (certificate != null ? CERTIFICATE : PRIVATE_KEY)
                + " are both set: give a key store or PEM files, not both");
      }
      String password = settings.getString(KEYSTORE_PASSWORD, null);
      if (password == null) {
        throw new IllegalArgumentException(
            KEYSTORE_PASSWORD + " is not set: " + KEYSTORE + " " + keystore + " needs it");
      }
      source = CertificateSource.keyStore(Path.of(keystore), password);
    } else if (certificate != null && privateKey != null) {
      source =
          new CertificateSource.PemFiles(
              Path.of(certificate),
              Path.of(privateKey),
              settings.getString(PRIVATE_KEY_PASSWORD, null));
    } else if (certificate != null || privateKey != null) {
      throw new IllegalArgumentException(
          (certificate != null ? CERTIFICATE : PRIVATE_KEY)
              + " is set but "
              + (certificate != null ? PRIVATE_KEY : CERTIFICATE)
              + " is not: PEM needs both files");
    } else {
      throw new IllegalArgumentException(
          PORT
              + " from "
              + settings.describe(PORT)
              + ": '"
              + port
              + "' needs a certificate: "
              + KEYSTORE
              + " (with "
              + KEYSTORE_PASSWORD
              + ") or "
              + CERTIFICATE
              + " and "
              + PRIVATE_KEY);
    }
    Duration handshakeTimeout =
        settings.getDuration(HANDSHAKE_TIMEOUT, TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT);
    if (handshakeTimeout.isZero()) {
      throw new IllegalArgumentException(
          HANDSHAKE_TIMEOUT
              + " from "
              + settings.describe(HANDSHAKE_TIMEOUT)
              + ": '0' must be more than zero");
    }
    Duration reloadCheck =
        settings.getDuration(RELOAD_CHECK, TlsSettings.DEFAULT_RELOAD_CHECK_INTERVAL);
    return new RtmpsConfig(host, port, new TlsSettings(source, handshakeTimeout, reloadCheck));
  }
}
