package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.webapp.config.RtmpsConfig;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's native RTMPS listener ({@code rtmpt.rtmps-port}) as the gateway runs it: started
 * with startup errors that name the settings at fault, its certificate shown by the console, and
 * reloaded by the operator's action ({@code POST /admin/api/rtmps/reload}) or, every {@code
 * rtmpt.rtmps-reload-check-ms}, by the listener itself when the files changed. A reload affects new
 * connections only; running ones keep the certificate they were made with.
 */
public final class RtmpsListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpsListener.class);

  private final RtmpServer server;
  private final RtmpsConfig config;

  private RtmpsListener(RtmpServer server, RtmpsConfig config) {
    this.server = server;
    this.config = config;
  }

  /**
   * Loads the certificate and binds the port.
   *
   * @throws IOException one line naming the settings at fault: the certificate's ({@code
   *     rtmpt.rtmps-keystore, rtmpt.rtmps-keystore-password: keystore /x.p12: wrong keystore
   *     password}) or the port's ({@code rtmpt.rtmps-port 443: cannot listen on 0.0.0.0:443:
   *     Address already in use})
   */
  static RtmpsListener start(RtmpEngine engine, RtmpsConfig config) throws IOException {
    Objects.requireNonNull(engine, "engine");
    if (!config.enabled()) {
      throw new IllegalArgumentException("the RTMPS listener is off (rtmpt.rtmps-port is 0)");
    }
    try {
      config.tls().certificates().load(); // to tell a certificate problem from a port problem
    } catch (IOException e) {
      throw new IOException(config.certificateSettings() + ": " + e.getMessage(), e);
    }
    RtmpServer server = new RtmpServer(engine, config.host(), config.port(), config.tls());
    try {
      server.start();
    } catch (IOException e) {
      throw new IOException(RtmpsConfig.PORT + " " + config.port() + ": " + e.getMessage(), e);
    }
    return new RtmpsListener(server, config);
  }

  /** The bound address, host:port. */
  public String address() {
    return server.host() + ":" + server.port();
  }

  /** The certificate new connections get. */
  public CertificateInfo certificate() {
    return CertificateInfo.of(
        server.certificate().orElseThrow(), config.tls().certificates().toString());
  }

  /**
   * Loads the certificate files again, changed or not (after a renewal, without waiting for the
   * next check): new connections get the new certificate.
   *
   * @return the certificate now current
   * @throws IOException one line saying what is wrong with the files; the old certificate stays
   */
  public CertificateInfo reload() throws IOException {
    try {
      server.reloadCertificate();
    } catch (IOException e) {
      LOG.warn("rtmps certificate not reloaded, keeping the old one: {}", e.getMessage());
      throw e;
    }
    return certificate();
  }

  @Override
  public void close() {
    server.close();
  }
}
