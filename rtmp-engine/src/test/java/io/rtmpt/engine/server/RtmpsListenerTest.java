package io.rtmpt.engine.server;

import static io.rtmpt.engine.server.TestCertificates.PASSWORD;
import static io.rtmpt.engine.server.TestCertificates.commonName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.server.TestCertificates.KeyForm;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RTMPS listener with certificates made by keytool and openssl: what a TLS client is served,
 * sessions reported as RTMPS, one-line startup failures, certificate reload (explicit and by
 * watching the files) and the TLS handshake timeout.
 */
class RtmpsListenerTest {
  @TempDir Path dir;

  private RtmpEngine engine;
  private RtmpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private RtmpServer start(CertificateSource source, Duration reloadCheck) throws IOException {
    engine = new RtmpEngine(EngineConfig.defaults());
    server =
        new RtmpServer(
                engine,
                "127.0.0.1",
                0,
                new TlsSettings(source, TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT, reloadCheck))
            .start();
    return server;
  }

  @Test
  void aKeytoolKeystoreIsServedAndSessionsAreRtmps() throws Exception {
    Path keystore = TestCertificates.keytoolPkcs12(dir, "keystore-cert");
    start(CertificateSource.keyStore(keystore, PASSWORD), Duration.ZERO);

    try (SSLSocket socket = TestCertificates.connect(server.port())) {
      assertEquals(
          "CN=keystore-cert",
          commonName(
              (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]));
      assertEquals(3, TestCertificates.rtmpHandshake(socket));
      SessionInfo session = engine.sessions().iterator().next();
      assertEquals(Transport.RTMPS, session.transport());
      assertEquals("rtmps", session.transport().label());
    }
    assertEquals("CN=keystore-cert", commonName(server.certificate().orElseThrow()));
  }

  @ParameterizedTest
  @EnumSource(KeyForm.class)
  void everyPemKeyFormIsServed(KeyForm form) throws Exception {
    Path[] pem = TestCertificates.opensslPem(dir, "pem-" + form.name().toLowerCase(), form);
    String password = form == KeyForm.ENCRYPTED_PKCS8_RSA ? PASSWORD : null;
    start(new CertificateSource.PemFiles(pem[0], pem[1], password), Duration.ZERO);

    assertEquals(
        "CN=pem-" + form.name().toLowerCase(),
        commonName(TestCertificates.servedCertificate(server.port())));
  }

  @Test
  void aWrongKeystorePasswordFailsStartWithOneLine() throws Exception {
    Path keystore = TestCertificates.keytoolPkcs12(dir, "pw");
    assertStartFails(
        CertificateSource.keyStore(keystore, "wrong"),
        "keystore " + keystore + ": wrong keystore password");
  }

  @Test
  void aMissingOrForeignKeystoreFailsStartWithOneLine() throws Exception {
    Path missing = dir.resolve("missing.p12");
    assertStartFails(
        CertificateSource.keyStore(missing, PASSWORD),
        "keystore " + missing + ": no readable file there");
    Path text = dir.resolve("text.p12");
    Files.writeString(text, "not a key store\n");
    assertStartFails(
        CertificateSource.keyStore(text, PASSWORD),
        "keystore " + text + ": not a PKCS12 or JKS key store");
  }

  @Test
  void aPemKeyOfAnotherCertificateFailsStartWithOneLine() throws Exception {
    Path[] first = TestCertificates.opensslPem(dir, "first", KeyForm.PKCS8_RSA);
    Path[] second = TestCertificates.opensslPem(dir, "second", KeyForm.PKCS8_RSA);
    assertStartFails(
        CertificateSource.pem(first[0], second[1]),
        "private key "
            + second[1]
            + ": the RSA private key does not belong to the certificate CN=first");
  }

  @Test
  void anEncryptedPemKeyNeedsTheRightPassword() throws Exception {
    Path[] pem = TestCertificates.opensslPem(dir, "enc", KeyForm.ENCRYPTED_PKCS8_RSA);
    assertStartFails(
        CertificateSource.pem(pem[0], pem[1]),
        "private key " + pem[1] + ": the key is encrypted and no key password is set");
    assertStartFails(
        new CertificateSource.PemFiles(pem[0], pem[1], "wrong"),
        "private key " + pem[1] + ": cannot decrypt or decode the key (wrong key password?)");
  }

  @Test
  void pemFilesWithoutCertificateOrKeyFailStartWithOneLine() throws Exception {
    Path[] pem = TestCertificates.opensslPem(dir, "swap", KeyForm.PKCS8_RSA);
    assertStartFails(
        CertificateSource.pem(pem[1], pem[1]),
        "certificate chain " + pem[1] + ": holds no certificate");
    assertStartFails(
        CertificateSource.pem(pem[0], pem[0]),
        "private key " + pem[0] + ": holds no PEM private key");
  }

  private void assertStartFails(CertificateSource source, String message) {
    RtmpServer failing =
        new RtmpServer(
            new RtmpEngine(EngineConfig.defaults()), "127.0.0.1", 0, TlsSettings.of(source));

    IOException e = assertThrows(IOException.class, failing::start);

    assertEquals(message, e.getMessage());
    assertEquals(-1, message.indexOf('\n'));
    assertThrows(IllegalStateException.class, failing::port, "nothing bound");
  }

  @Test
  void anExplicitReloadServesTheNewCertificateToNewConnectionsWhileOpenOnesGoOn() throws Exception {
    Path[] active = {dir.resolve("active.crt"), dir.resolve("active.key")};
    install(TestCertificates.opensslPem(dir, "before", KeyForm.PKCS1_RSA), active);
    start(CertificateSource.pem(active[0], active[1]), Duration.ZERO);

    try (SSLSocket open = TestCertificates.connect(server.port())) {
      install(TestCertificates.opensslPem(dir, "after", KeyForm.SEC1_EC), active);
      assertEquals("CN=before", commonName(TestCertificates.servedCertificate(server.port())));

      server.reloadCertificate();

      assertEquals("CN=after", commonName(TestCertificates.servedCertificate(server.port())));
      assertEquals("CN=after", commonName(server.certificate().orElseThrow()));
      assertEquals(3, TestCertificates.rtmpHandshake(open), "the open connection goes on");
    }
  }

  @Test
  void changedFilesAreReloadedByTheCheckAndABrokenRenewalKeepsTheOldCertificate() throws Exception {
    Path[] active = {dir.resolve("watched.crt"), dir.resolve("watched.key")};
    install(TestCertificates.opensslPem(dir, "one", KeyForm.PKCS8_RSA), active);
    start(CertificateSource.pem(active[0], active[1]), Duration.ofMillis(100));

    Files.writeString(active[0], "-----BEGIN CERTIFICATE-----\nbroken\n");
    IOException e = assertThrows(IOException.class, server::reloadCertificate);
    assertTrue(e.getMessage().startsWith("certificate chain " + active[0]), e.getMessage());
    assertEquals("CN=one", commonName(TestCertificates.servedCertificate(server.port())));

    install(TestCertificates.opensslPem(dir, "two", KeyForm.PKCS8_RSA), active);
    String served = "CN=one";
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!served.equals("CN=two") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      served = commonName(TestCertificates.servedCertificate(server.port()));
    }
    assertEquals("CN=two", served, "picked up by the file check without a reload call");
  }

  @Test
  void aClientThatNeverStartsTlsIsClosedAtTheTlsHandshakeTimeout() throws Exception {
    Path keystore = TestCertificates.keytoolPkcs12(dir, "timeout");
    engine =
        new RtmpEngine(
            EngineConfig.builder()
                .handshakeTimeout(Duration.ofMinutes(5))
                .pingInterval(Duration.ofMinutes(5))
                .build());
    server =
        new RtmpServer(
                engine,
                "127.0.0.1",
                0,
                new TlsSettings(
                    CertificateSource.keyStore(keystore, PASSWORD),
                    Duration.ofMillis(300),
                    Duration.ZERO))
            .start();

    try (Socket silent = new Socket()) {
      silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      silent.setSoTimeout(60_000);
      int read;
      try {
        read = silent.getInputStream().read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("not closed within 60 s: the tls handshake timeout did not fire");
      } catch (IOException e) {
        read = -1; // reset by the server: closed too
      }
      assertEquals(-1, read, "closed by the server before the 5 min rtmp timeouts");
    }
  }

  private static void install(Path[] pem, Path[] active) throws IOException {
    Files.copy(pem[1], active[1], StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pem[0], active[0], StandardCopyOption.REPLACE_EXISTING);
  }
}
