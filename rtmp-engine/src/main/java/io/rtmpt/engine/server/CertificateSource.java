package io.rtmpt.engine.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Where the RTMPS listener's private key and certificate chain come from: a key store (PKCS12 or
 * JKS, the format of the executable's HTTPS connector) or PEM files (what most CAs and certbot hand
 * out). {@link #load()} reads them again each time, so a renewed certificate is picked up by
 * loading again.
 *
 * <p>PEM private keys are read with BouncyCastle PKIX, in any of the forms operators meet: PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, older OpenSSL), SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}, certbot's default ECDSA key), and their encrypted variants with a
 * key password. (Netty's own {@code SslContextBuilder.forServer(File, File)} accepts only PKCS#8
 * unless bcpkix happens to be on the class path, measured with Netty 4.2.18: "File does not contain
 * valid private key" for PKCS#1 and SEC1; and it does not notice a key that does not belong to the
 * certificate. Both are checked here at load time instead.)
 */
public sealed interface CertificateSource
    permits CertificateSource.KeyStoreFile, CertificateSource.PemFiles {

  /** A PKCS12 or JKS key store (the type is detected) whose key has the store's password. */
  static CertificateSource keyStore(Path file, String password) {
    return new KeyStoreFile(file, password, password);
  }

  /** A PEM certificate chain (leaf first) and an unencrypted PEM private key. */
  static CertificateSource pem(Path certificateChain, Path privateKey) {
    return new PemFiles(certificateChain, privateKey, null);
  }

  /** The files {@link #load()} reads, for change detection. */
  List<Path> files();

  /**
   * Reads the key and chain and checks that they belong together.
   *
   * @throws IOException with a one-line message naming the file and what is wrong with it
   */
  KeyMaterial load() throws IOException;

  /**
   * A key store file.
   *
   * @param file PKCS12 ({@code .p12}, {@code .pfx}) or JKS; must hold exactly one private key
   * @param storePassword the store's password
   * @param keyPassword the key entry's password (keytool makes it the store's by default)
   */
  record KeyStoreFile(Path file, String storePassword, String keyPassword)
      implements CertificateSource {
    public KeyStoreFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(storePassword, "storePassword");
      Objects.requireNonNull(keyPassword, "keyPassword");
    }

    @Override
    public List<Path> files() {
      return List.of(file);
    }

    @Override
    public KeyMaterial load() throws IOException {
      return KeyMaterialLoader.fromKeyStore(this);
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
      return "keystore " + file;
    }
  }

  /**
   * PEM files.
   *
   * @param certificateChain one or more {@code BEGIN CERTIFICATE} blocks, the server's first
   * @param privateKey the private key of the first certificate
   * @param keyPassword the password of an encrypted key, or null
   */
  record PemFiles(Path certificateChain, Path privateKey, String keyPassword)
      implements CertificateSource {
    public PemFiles {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public List<Path> files() {
      return List.of(certificateChain, privateKey);
    }

    @Override
    public KeyMaterial load() throws IOException {
      return KeyMaterialLoader.fromPem(this);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "certificate " + certificateChain + " with key " + privateKey;
    }
  }

  /**
   * A loaded key and its chain.
   *
   * @param key the private key
   * @param chain the certificates, the key's own first
   */
  record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {
    public KeyMaterial {
      Objects.requireNonNull(key, "key");
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("empty certificate chain");
      }
    }

    /** The server's own certificate. */
    public X509Certificate leaf() {
      return chain.get(0);
    }

    /**
     * An in-memory PKCS12 key store holding the key and chain under the alias {@code "server"}, the
     * key protected by {@code password}: for a TLS server that takes a {@link KeyStore} (the
     * executable's Jetty HTTPS connector), whatever form the files had.
     */
    public KeyStore toKeyStore(char[] password) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        return store;
      } catch (GeneralSecurityException | IOException e) {
        // An empty PKCS12 store takes any key the loader produced; failing here is a JDK bug.
        throw new IllegalStateException("cannot build an in-memory PKCS12 key store", e);
      }
    }
  }
}
