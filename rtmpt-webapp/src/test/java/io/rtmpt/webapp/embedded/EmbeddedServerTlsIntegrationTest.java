package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TlsProbe;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable's TLS (EmbeddedServer deploying src-main-webapp, as java -jar deploys the WAR):
 * HTTPS and RTMPS serve one certificate from the same flags, PEM files included; a renewal on disk
 * reaches both without a restart; startup failures are one line naming the flag.
 */
class EmbeddedServerTlsIntegrationTest {
  @TempDir Path dir;

  private EmbeddedServer start(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--host",
                "127.0.0.1",
                "--http-port",
                String.valueOf(Ports.freePort()),
                "--rtmp-port",
                "0",
                "--admin-password",
                "not-tested-here",
                "--data-dir",
                dir.resolve("data").toString()));
    args.addAll(List.of(extra));
    EmbeddedServer server =
        new EmbeddedServer(
            EmbeddedOptions.parse(args.toArray(new String[0]), Map.of()),
            Path.of(System.getProperty("basedir", ".")).resolve("../src-main-webapp").normalize());
    try {
      server.start();
    } catch (Exception e) {
      server.stopQuietly();
      throw e;
    }
    return server;
  }

  /** Self-signed PEM files NAME.crt and NAME.key in {@code dir} (keytool, then converted). */
  private Path[] pem(String name) throws Exception {
    Keystores.pem(Keystores.selfSigned(dir.resolve(name + ".p12"), dir.resolve("logs")));
    return new Path[] {dir.resolve(name + ".crt"), dir.resolve(name + ".key")};
  }

  @Test
  void httpsAndRtmpsServeOnePemCertificateAndBothPickUpARenewal() throws Exception {
    Path[] first = pem("first");
    Path cert = Files.copy(first[0], dir.resolve("live.crt"));
    Path key = Files.copy(first[1], dir.resolve("live.key"));
    int https = Ports.freePort();
    int rtmps;
    do {
      rtmps = Ports.freePort();
    } while (rtmps == https);
    EmbeddedServer server =
        start(
            "--https-port",
            "" + https,
            "--rtmps-port",
            "" + rtmps,
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            key.toString(),
            "--tls-reload-check-ms",
            "200");
    try {
      String original = TlsProbe.servedSerial(https);
      assertEquals(original, TlsProbe.servedSerial(rtmps), "one certificate for both");
      assertTrue(server.banner().contains("rtmps://127.0.0.1:" + rtmps + "/live/STREAM"));

      Path[] renewed = pem("renewed");
      Files.copy(renewed[0], cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(renewed[1], key, StandardCopyOption.REPLACE_EXISTING);
      int httpsPort = https;
      int rtmpsPort = rtmps;
      Await.until(
          "both listeners serve the renewed certificate",
          Duration.ofSeconds(10),
          () ->
              !TlsProbe.servedSerial(httpsPort).equals(original)
                  && !TlsProbe.servedSerial(rtmpsPort).equals(original));
      assertEquals(TlsProbe.servedSerial(https), TlsProbe.servedSerial(rtmps));
      assertNotEquals(original, TlsProbe.servedSerial(https));
    } finally {
      server.stopQuietly();
    }
  }

  @Test
  void aWrongKeystorePasswordFailsStartupInOneLineNamingTheFlags() throws Exception {
    Path keystore = Keystores.selfSigned(dir.resolve("ks.p12"), dir.resolve("logs"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                start(
                    "--rtmps-port",
                    "" + Ports.freePort(),
                    "--keystore",
                    keystore.toString(),
                    "--keystore-password",
                    "wrong"));
    assertEquals(
        "--keystore, --keystore-password: keystore " + keystore + ": wrong keystore password",
        StartupReport.oneLine(e));
  }

  @Test
  void aBusyRtmpsPortFailsStartupInOneLineNamingTheFlag() throws Exception {
    Path[] files = pem("busy");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  start(
                      "--rtmps-port",
                      "" + port,
                      "--tls-cert",
                      files[0].toString(),
                      "--tls-key",
                      files[1].toString()));
      String line = StartupReport.oneLine(e);
      assertTrue(
          line.startsWith("--rtmps-port " + port + ": cannot listen on 127.0.0.1:" + port + ": "),
          line);
      assertTrue(line.contains("in use"), line);
    }
  }
}
