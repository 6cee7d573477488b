package io.rtmpt.webapp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.engine.testing.ExternalProcess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Keystores the deployment tests make at test time with the JDK's keytool, as README says. */
public final class Keystores {
  /** The password of every keystore made here (and of its key). */
  public static final String PASSWORD = "changeit";

  private Keystores() {}

  /**
   * A PKCS12 keystore at {@code file} holding an RSA 2048 key and a self-signed certificate for
   * CN=localhost, DNS localhost and IP 127.0.0.1, valid for 2 days; keytool's output goes to {@code
   * logs}.
   */
  public static Path selfSigned(Path file, Path logs) throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try (ExternalProcess p =
        ExternalProcess.start(
            "keytool-" + file.getFileName(),
            logs,
            List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "rtmpt",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.tail());
    }
    return file;
  }

  /**
   * The key and certificate of a keystore made by {@link #selfSigned} as PEM files beside it, in
   * the forms the balancers take: {@code NAME.crt} (certificate) and {@code NAME.key} (PKCS #8
   * private key) for nginx, {@code NAME.pem} (both) for HAProxy. Returns the .pem file.
   */
  public static Path pem(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Key key = store.getKey("rtmpt", PASSWORD.toCharArray());
    Certificate certificate = store.getCertificate("rtmpt");
    String name = keystore.getFileName().toString().replaceFirst("\\.p12$", "");
    String crt = pem("CERTIFICATE", certificate.getEncoded());
    String privateKey = pem("PRIVATE KEY", key.getEncoded());
    Files.writeString(keystore.resolveSibling(name + ".crt"), crt, StandardCharsets.US_ASCII);
    Files.writeString(
        keystore.resolveSibling(name + ".key"), privateKey, StandardCharsets.US_ASCII);
    Path both = keystore.resolveSibling(name + ".pem");
    Files.writeString(both, crt + privateKey, StandardCharsets.US_ASCII);
    return both;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
