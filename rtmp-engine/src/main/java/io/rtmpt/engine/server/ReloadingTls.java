package io.rtmpt.engine.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.rtmpt.engine.server.CertificateSource.KeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's current {@link SslContext}, replaced when the certificate files change: each new
 * connection takes the context current at accept time, so a reload affects new connections only. A
 * reload that fails (a file half-written during renewal, a wrong new password) keeps the old
 * context and logs one line; the next check tries again if the files changed once more.
 *
 * <p>Change detection compares a SHA-256 over the content of the source's files (certbot swaps
 * symbolic links, copies may keep modification times, so content is what counts).
 */
final class ReloadingTls {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

  private final TlsSettings settings;
  private volatile SslContext context;
  private volatile X509Certificate certificate;
  private byte[] loadedFingerprint; // guarded by this
  private byte[] failedFingerprint; // guarded by this

  private ReloadingTls(TlsSettings settings) {
    this.settings = settings;
  }

  /**
   * Loads the certificate for the first time.
   *
   * @throws IOException with a one-line message naming what is wrong
   */
  static ReloadingTls load(TlsSettings settings) throws IOException {
    ReloadingTls tls = new ReloadingTls(settings);
    tls.reload();
    return tls;
  }

  /** A TLS handler for a new connection, with the current certificate and handshake timeout. */
  SslHandler newHandler(ByteBufAllocator allocator) {
    SslHandler handler = context.newHandler(allocator);
    handler.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
    return handler;
  }

  /** The certificate new connections get. */
  X509Certificate certificate() {
    return certificate;
  }

  /**
   * Loads the files again and makes them current, changed or not.
   *
   * @throws IOException when they cannot be loaded; the current certificate stays
   */
  synchronized void reload() throws IOException {
    byte[] fingerprint = fingerprintOrNull(); // before loading: a change in between is seen later
    KeyMaterial material = settings.certificates().load();
    SslContext fresh;
    try {
      fresh =
          SslContextBuilder.forServer(material.key(), material.chain())
              .sslProvider(SslProvider.JDK)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new IOException(settings.certificates() + ": TLS refuses it: " + e.getMessage(), e);
    }
    boolean first = context == null;
    context = fresh;
    certificate = material.leaf();
    loadedFingerprint = fingerprint;
    failedFingerprint = null;
    LOG.info(
        "rtmps certificate {}: {}, serial {}, valid until {}",
        first ? "loaded" : "reloaded",
        certificate.getSubjectX500Principal().getName(),
        certificate.getSerialNumber().toString(16),
        certificate.getNotAfter().toInstant());
    if (certificate.getNotAfter().before(new Date())) {
      LOG.warn(
          "rtmps certificate {} expired on {}",
          certificate.getSubjectX500Principal().getName(),
          certificate.getNotAfter().toInstant());
    }
  }

  /**
   * Reloads when the files' content differs from what was loaded (and from the last failed
   * attempt); never throws.
   *
   * @return whether a new certificate is now current
   */
  synchronized boolean reloadIfChanged() {
    byte[] fingerprint;
    try {
      fingerprint = fingerprint();
    } catch (IOException e) {
      LOG.warn("rtmps certificate check: {}", e.getMessage());
      return false;
    }
    if (Arrays.equals(fingerprint, loadedFingerprint)
        || Arrays.equals(fingerprint, failedFingerprint)) {
      return false;
    }
    try {
      reload();
      return true;
    } catch (IOException e) {
      failedFingerprint = fingerprint;
      LOG.warn(
          "rtmps certificate changed but not reloaded, keeping the old one: {}", e.getMessage());
      return false;
    }
  }

  private byte[] fingerprintOrNull() {
    try {
      return fingerprint();
    } catch (IOException e) {
      return null; // load() reports the missing file in its own words
    }
  }

  private byte[] fingerprint() throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // required on every JVM
    }
    for (Path file : settings.certificates().files()) {
      try {
        sha256.update(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new IOException(file + ": unreadable: " + e.getMessage(), e);
      }
    }
    return sha256.digest();
  }
}
