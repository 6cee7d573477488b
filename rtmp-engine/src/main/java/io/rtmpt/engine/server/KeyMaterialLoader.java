package io.rtmpt.engine.server;

import io.rtmpt.engine.server.CertificateSource.KeyMaterial;
import io.rtmpt.engine.server.CertificateSource.KeyStoreFile;
import io.rtmpt.engine.server.CertificateSource.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads {@link CertificateSource}s; every failure is an {@link IOException} whose message is one
 * line naming the file, its role and what is wrong ("wrong password", "no private key", "does not
 * belong to the certificate"...).
 */
final class KeyMaterialLoader {
  private static final byte[] PROBE = "rtmps key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMaterialLoader() {}

  static KeyMaterial fromKeyStore(KeyStoreFile source) throws IOException {
    Path file = source.file();
    String role = "keystore " + file;
    requireReadable(file, role);
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.toFile(), source.storePassword().toCharArray());
    } catch (KeyStoreException e) {
      throw new IOException(role + ": not a PKCS12 or JKS key store");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IOException(role + ": wrong keystore password");
      }
      throw new IOException(role + ": unreadable key store: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IOException(role + ": unreadable key store: " + e.getMessage());
    }
    try {
      List<String> keyAliases = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificateChain(alias) != null) {
          keyAliases.add(alias);
        }
      }
      if (keyAliases.size() != 1) {
        throw new IOException(
            role
                + (keyAliases.isEmpty()
                    ? ": holds no private key with a certificate"
                    : ": holds "
                        + keyAliases.size()
                        + " private keys "
                        + keyAliases
                        + "; keep one"));
      }
      String alias = keyAliases.get(0);
      Key key;
      try {
        key = store.getKey(alias, source.keyPassword().toCharArray());
      } catch (UnrecoverableKeyException e) {
        throw new IOException(role + ": wrong password for the key '" + alias + "'");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : store.getCertificateChain(alias)) {
        chain.add((X509Certificate) certificate);
      }
      return checked(new KeyMaterial((PrivateKey) key, chain), role);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IOException(role + ": unusable key entry: " + e.getMessage());
    }
  }

  static KeyMaterial fromPem(PemFiles source) throws IOException {
    String chainRole = "certificate chain " + source.certificateChain();
    String keyRole = "private key " + source.privateKey();
    requireReadable(source.certificateChain(), chainRole);
    requireReadable(source.privateKey(), keyRole);
    if (!Files.readString(source.certificateChain(), StandardCharsets.ISO_8859_1)
        .contains("-----BEGIN CERTIFICATE-----")) {
      throw new IOException(chainRole + ": holds no certificate");
    }
    List<X509Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(source.certificateChain())) {
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        chain.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new IOException(chainRole + ": not a PEM certificate chain: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IOException(chainRole + ": holds no certificate");
    }
    PrivateKey key = readPemKey(source.privateKey(), source.keyPassword(), keyRole);
    return checked(new KeyMaterial(key, chain), keyRole);
  }

  private static PrivateKey readPemKey(Path file, String password, String role) throws IOException {
    Object pem = firstKeyObject(file, role);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (pem instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      char[] secret = requirePassword(password, role);
      if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        return converter.getPrivateKey(
            encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(secret)));
      }
      PEMEncryptedKeyPair encrypted = (PEMEncryptedKeyPair) pem;
      return converter
          .getKeyPair(
              encrypted.decryptKeyPair(
                  new JcePEMDecryptorProviderBuilder()
                      .setProvider(BouncyCastle.PROVIDER)
                      .build(secret)))
          .getPrivate();
    } catch (PKCSException | PEMException e) {
      throw new IOException(role + ": cannot decrypt or decode the key (wrong key password?)");
    } catch (OperatorCreationException e) {
      throw new IOException(role + ": unsupported key encryption: " + e.getMessage());
    }
  }

  /** The first private key object of a PEM file, encrypted or not. */
  private static Object firstKeyObject(Path file, String role) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo
            || object instanceof PEMKeyPair
            || object instanceof PKCS8EncryptedPrivateKeyInfo
            || object instanceof PEMEncryptedKeyPair) {
          return object;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(role + ": not a PEM private key: " + e.getMessage());
    }
    throw new IOException(role + ": holds no PEM private key");
  }

  private static char[] requirePassword(String password, String role) throws IOException {
    if (password == null) {
      throw new IOException(role + ": the key is encrypted and no key password is set");
    }
    return password.toCharArray();
  }

  /** BouncyCastle's provider, not registered: decrypts PBES2 PEM keys the JDK's names miss. */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  /** Fails unless the leaf certificate's public key verifies a signature of the private key. */
  private static KeyMaterial checked(KeyMaterial material, String role) throws IOException {
    String algorithm =
        switch (material.key().getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          case "DSA" -> "SHA256withDSA";
          default -> null; // RSASSA-PSS and rarer kinds: the TLS handshake will tell
        };
    if (algorithm == null) {
      return material;
    }
    boolean matches;
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(material.key());
      signature.update(PROBE);
      byte[] signed = signature.sign();
      signature.initVerify(material.leaf().getPublicKey());
      signature.update(PROBE);
      matches = signature.verify(signed);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IOException(
          role
              + ": the "
              + material.key().getAlgorithm()
              + " private key does not belong to the certificate "
              + material.leaf().getSubjectX500Principal().getName());
    }
    return material;
  }

  private static void requireReadable(Path file, String role) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException(role + ": no readable file there");
    }
  }
}
