package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Self-signed certificates made at test time with the real tools operators use (keytool, openssl),
 * and a trust-all TLS client that reports what the server presented.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit-123";

  private TestCertificates() {}

  /** A PKCS12 key store with one RSA key and a self-signed certificate for CN={@code cn}. */
  static Path keytoolPkcs12(Path dir, String cn) throws Exception {
    Path keystore = dir.resolve(cn + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        dir,
        "keytool-" + cn,
        keytool.toString(),
        "-genkeypair",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD,
        "-alias",
        "rtmps",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=" + cn,
        "-ext",
        "SAN=ip:127.0.0.1");
    return keystore;
  }

  /** The PEM private key forms operators get from CAs and tools. */
  enum KeyForm {
    /** {@code BEGIN PRIVATE KEY}: openssl 3 default. */
    PKCS8_RSA,
    /** {@code BEGIN RSA PRIVATE KEY}: older openssl, many CA bundles. */
    PKCS1_RSA,
    /** {@code BEGIN EC PRIVATE KEY}: certbot's default ECDSA key. */
    SEC1_EC,
    /** {@code BEGIN ENCRYPTED PRIVATE KEY} with password {@link #PASSWORD}. */
    ENCRYPTED_PKCS8_RSA
  }

  /** A self-signed PEM pair for CN={@code cn}: [certificate, key]. */
  static Path[] opensslPem(Path dir, String cn, KeyForm form) throws Exception {
    String openssl = Interop.requireTool("openssl").toString();
    Path cert = dir.resolve(cn + "-" + form + ".crt");
    Path key = dir.resolve(cn + "-" + form + ".key");
    Path plain = dir.resolve(cn + "-" + form + ".plain.key");
    if (form == KeyForm.SEC1_EC) {
      run(
          dir,
          "ecparam-" + cn,
          openssl,
          "ecparam",
          "-name",
          "prime256v1",
          "-genkey",
          "-noout",
          "-out",
          key.toString());
      run(
          dir,
          "req-" + cn,
          openssl,
          "req",
          "-x509",
          "-new",
          "-key",
          key.toString(),
          "-out",
          cert.toString(),
          "-days",
          "2",
          "-subj",
          "/CN=" + cn);
      return new Path[] {cert, key};
    }
    run(
        dir,
        "req-" + cn,
        openssl,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        plain.toString(),
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + cn);
    List<String> convert =
        switch (form) {
          case PKCS8_RSA -> List.of(openssl, "pkcs8", "-topk8", "-nocrypt");
          case PKCS1_RSA -> List.of(openssl, "rsa", "-traditional");
          case ENCRYPTED_PKCS8_RSA ->
              List.of(
                  openssl, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:" + PASSWORD);
          case SEC1_EC -> throw new AssertionError();
        };
    List<String> command = new ArrayList<>(convert);
    command.addAll(List.of("-in", plain.toString(), "-out", key.toString()));
    run(dir, "convert-" + cn, command.toArray(String[]::new));
    return new Path[] {cert, key};
  }

  /** Connects with TLS trusting anything and returns the certificate the server presented. */
  static X509Certificate servedCertificate(int port) throws Exception {
    try (SSLSocket socket = connect(port)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** A TLS socket to 127.0.0.1:port that trusts any certificate, handshake done. */
  static SSLSocket connect(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  /** Sends a plain RTMP C0 C1 over {@code socket} and reads S0 S1 S2; returns S0. */
  static int rtmpHandshake(SSLSocket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(3);
    out.write(new byte[1536]);
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] answer = in.readNBytes(1 + 2 * 1536);
    assertEquals(3073, answer.length, "s0 s1 s2 over tls");
    return answer[0];
  }

  static String commonName(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  private static void run(Path dir, String name, String... command) throws Exception {
    try (ExternalProcess p = ExternalProcess.start(name, dir.resolve("logs"), List.of(command))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), name + ":\n" + p.tail());
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
