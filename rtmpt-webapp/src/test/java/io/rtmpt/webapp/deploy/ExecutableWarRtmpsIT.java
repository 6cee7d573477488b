package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TlsProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar target/rtmpt-bridge.war --rtmps-port N --https-port M --tls-cert F --tls-key K}:
 * native RTMPS from the engine and RTMPTS from Jetty's HTTPS with one PEM certificate (keytool's,
 * converted). ffmpeg publishes over {@code rtmps://} and plays back over {@code rtmps://} and
 * {@code rtmpts://}; a renewed certificate on disk reaches new clients of both without a restart; a
 * busy RTMPS port stops startup with one line naming {@code --rtmps-port}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExecutableWarRtmpsIT {
  private static final String RUNNING = "rtmpt-bridge is running";

  private static Path logs;
  private static Path war;
  private static Path certs;
  private static int httpPort;
  private static int httpsPort;
  private static int rtmpsPort;
  private static ExternalProcess server;
  private static ExternalProcess publisher;

  @BeforeAll
  static void start() throws Exception {
    war = PackagedWar.war();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(ExecutableWarRtmpsIT.class);
    certs = Files.createDirectories(logs.resolve("certs"));
    Keystores.pem(Keystores.selfSigned(certs.resolve("first.p12"), logs));
    Files.copy(certs.resolve("first.crt"), certs.resolve("live.crt"));
    Files.copy(certs.resolve("first.key"), certs.resolve("live.key"));
    do {
      httpPort = Ports.freePort();
      httpsPort = Ports.freePort();
      rtmpsPort = Ports.freePort();
    } while (Stream.of(httpPort, httpsPort, rtmpsPort).distinct().count() < 3);
    server =
        startWar(
            "server",
            "--https-port",
            "" + httpsPort,
            "--rtmps-port",
            "" + rtmpsPort,
            "--tls-cert",
            certs.resolve("live.crt").toString(),
            "--tls-key",
            certs.resolve("live.key").toString(),
            "--tls-reload-check-ms",
            "500");
    Await.until(
        server + " printed its banner",
        Duration.ofSeconds(120), // java -jar unpacks and scans the WAR: slow on a busy machine
        () -> server.stdout().contains(RUNNING),
        server::isAlive,
        server::tail);
    publisher = LiveChecks.startPublisher("rtmps-publisher", logs, rtmpsUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (server != null) {
      try {
        server.stop(Duration.ofSeconds(15));
      } finally {
        server.close();
      }
    }
  }

  /** java -jar the WAR on loopback, HTTP on {@code httpPort}, RTMP off, plus {@code args}. */
  private static ExternalProcess startWar(String name, String... args) throws IOException {
    Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                war.toString(),
                "--host",
                "127.0.0.1",
                "--http-port",
                "" + (name.equals("server") ? httpPort : Ports.freePort()),
                "--rtmp-port",
                "0",
                "--admin-password",
                "not-tested-here",
                "--data-dir",
                logs.resolve(name + "-data").toString()));
    command.addAll(List.of(args));
    return ExternalProcess.start(name, logs, command);
  }

  private static String rtmpsUrl() {
    return "rtmps://127.0.0.1:" + rtmpsPort + "/live/executable-rtmps";
  }

  @Test
  @Order(1)
  void theBannerListsRtmpsAndBothListenersServeThePemCertificate() throws Exception {
    String banner = server.stdout();
    assertTrue(banner.contains("rtmps://127.0.0.1:" + rtmpsPort + "/live/STREAM"), banner);
    assertTrue(banner.contains("rtmpts://127.0.0.1:" + httpsPort + "/live/STREAM"), banner);
    assertEquals(TlsProbe.servedSerial(httpsPort), TlsProbe.servedSerial(rtmpsPort));
  }

  @Test
  @Order(2)
  void ffmpegPlaysBackOverRtmpsAndRtmptsWhatItPublishesOverRtmps() throws Exception {
    try (Recording rtmps = Recording.start("rtmps-recording", logs, rtmpsUrl());
        Recording rtmpts =
            Recording.start(
                "rtmpts-recording",
                logs,
                "rtmpts://127.0.0.1:" + httpsPort + "/live/executable-rtmps")) {
      rtmps.assertPlayedBackAsPublished();
      rtmpts.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
  void aRenewedCertificateReachesNewClientsOfBothWithoutARestart() throws Exception {
    String first = TlsProbe.servedSerial(rtmpsPort);
    Keystores.pem(Keystores.selfSigned(certs.resolve("renewed.p12"), logs));
    Files.copy(
        certs.resolve("renewed.crt"),
        certs.resolve("live.crt"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        certs.resolve("renewed.key"),
        certs.resolve("live.key"),
        StandardCopyOption.REPLACE_EXISTING);
    Await.until(
        "new clients of RTMPS and HTTPS get the renewed certificate",
        Duration.ofSeconds(20),
        () ->
            !TlsProbe.servedSerial(rtmpsPort).equals(first)
                && TlsProbe.servedSerial(httpsPort).equals(TlsProbe.servedSerial(rtmpsPort)));
    try (Recording renewed = Recording.start("rtmps-recording-renewed", logs, rtmpsUrl())) {
      renewed.assertPlayedBackAsPublished();
    }
    assertTrue(server.isAlive(), server.tail());
    assertTrue(publisher.isAlive(), "the publisher of before goes on:\n" + publisher.tail());
  }

  @Test
  @Order(4)
  void aBusyRtmpsPortStopsStartupWithOneLineNamingTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ExternalProcess busy =
            startWar(
                "busy",
                "--rtmps-port",
                "" + taken.getLocalPort(),
                "--tls-cert",
                certs.resolve("first.crt").toString(),
                "--tls-key",
                certs.resolve("first.key").toString())) {
      assertEquals(1, busy.waitFor(Duration.ofSeconds(120)), busy.tail());
      List<String> errors =
          busy.stderr().lines().filter(l -> l.startsWith("rtmpt-bridge: ")).toList();
      assertEquals(1, errors.size(), busy.tail());
      assertTrue(
          errors
              .get(0)
              .startsWith(
                  "rtmpt-bridge: --rtmps-port "
                      + taken.getLocalPort()
                      + ": cannot listen on 127.0.0.1:"
                      + taken.getLocalPort()),
          errors.get(0));
    }
  }
}
