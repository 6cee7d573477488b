package io.rtmpt.webapp.embedded;

import io.rtmpt.engine.server.CertificateSource;
import io.rtmpt.engine.server.CertificateSource.KeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executable's certificate for its HTTPS connector, from the same flags the RTMPS listener
 * gets: a key store ({@code --keystore}, {@code --keystore-password}) or PEM files ({@code
 * --tls-cert}, {@code --tls-key}, {@code --tls-key-password}). Both are read by the engine's {@link
 * CertificateSource} (PEM keys in PKCS#8, PKCS#1 or SEC1 form, encrypted or not) and handed to
 * Jetty as an in-memory key store, so HTTPS and RTMPS accept the same files.
 *
 * <p>Renewal: every {@code --tls-reload-check-ms} the files' content is compared with what was
 * loaded; when it changed and loads, Jetty's {@link SslContextFactory#reload} swaps the key store:
 * new connections get the new certificate (the RTMPS listener checks its files on its own, at the
 * same interval). A change that does not load (a renewal half-written) keeps the old certificate
 * and is logged; the next change is tried again.
 */
final class EmbeddedTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTls.class);

  private final CertificateSource source;
  private final String flags;
  private final String password = randomPassword();
  private final SslContextFactory.Server factory = new SslContextFactory.Server();
  private ScheduledExecutorService timer;
  private byte[] loaded; // guarded by this
  private byte[] failed; // guarded by this

  private EmbeddedTls(CertificateSource source, String flags) {
    this.source = source;
    this.flags = flags;
  }

  /** The certificate source the options name, or null when they name none. */
  static CertificateSource source(EmbeddedOptions options) {
    if (options.keystore() != null) {
      return CertificateSource.keyStore(options.keystore(), options.keystorePassword());
    }
    if (options.tlsCertificate() != null) {
      return new CertificateSource.PemFiles(
          options.tlsCertificate(), options.tlsKey(), options.tlsKeyPassword());
    }
    return null;
  }

  /** The flags that name {@code source}, for messages. */
  static String flags(CertificateSource source) {
    return source instanceof CertificateSource.PemFiles
        ? "--tls-cert, --tls-key"
        : "--keystore, --keystore-password";
  }

  /**
   * Loads the certificate the options name.
   *
   * @throws IllegalArgumentException one line naming the flags and what is wrong with the files
   */
  static EmbeddedTls load(EmbeddedOptions options) {
    CertificateSource source = source(options);
    EmbeddedTls tls = new EmbeddedTls(source, flags(source));
    byte[] fingerprint = tls.fingerprintOrNull();
    KeyMaterial material = tls.material();
    tls.factory.setKeyStore(material.toKeyStore(tls.password.toCharArray()));
    tls.factory.setKeyStorePassword(tls.password);
    tls.loaded = fingerprint;
    return tls;
  }

  /** Jetty's TLS configuration, with the loaded key store. */
  SslContextFactory.Server sslContextFactory() {
    return factory;
  }

  /** Checks the files every {@code interval} from now on; zero checks never. */
  synchronized void checkEvery(Duration interval) {
    if (interval.isZero() || timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rtmpt-https-certificate-check");
              t.setDaemon(true);
              return t;
            });
    long every = interval.toMillis();
    timer.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
  }

  /** Reloads when the files changed since the last load (or failed attempt); never throws. */
  synchronized boolean reloadIfChanged() {
    byte[] now = fingerprintOrNull();
    if (now == null || Arrays.equals(now, loaded) || Arrays.equals(now, failed)) {
      return false;
    }
    try {
      KeyMaterial material = material();
      factory.reload(f -> f.setKeyStore(material.toKeyStore(password.toCharArray())));
      loaded = now;
      failed = null;
      LOG.info(
          "https certificate reloaded: {}, valid until {}",
          material.leaf().getSubjectX500Principal().getName(),
          material.leaf().getNotAfter().toInstant());
      return true;
    } catch (Exception e) {
      failed = now;
      LOG.warn(
          "https certificate changed but not reloaded, keeping the old one: {}", e.getMessage());
      return false;
    }
  }

  private KeyMaterial material() {
    try {
      return source.load();
    } catch (IOException e) {
      throw new IllegalArgumentException(flags + ": " + e.getMessage()); // one line, no cause
    }
  }

  private byte[] fingerprintOrNull() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (Path file : source.files()) {
        sha256.update(Files.readAllBytes(file));
      }
      return sha256.digest();
    } catch (IOException e) {
      return null; // a file being replaced: the next check sees it
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // required on every JVM
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
