package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.rtmpt.webapp.testing.Tomcat;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's own RTMPS listener in the packaged WAR deployed as ROOT.war in Debian's Tomcat 10.1,
 * configured as README.md says, with {@code <Parameter>} elements in {@code
 * conf/Catalina/localhost/ROOT.xml}: {@code rtmpt.rtmps-port} and a PEM certificate and key (a
 * keytool certificate converted to PEM, as CAs hand them out). ffmpeg publishes over {@code
 * rtmps://} and plays back over {@code rtmps://} and {@code rtmpt://}; then the files are replaced
 * by a renewed certificate, and without a restart new clients get it (the served certificate is
 * checked) and play, while the publisher that started before goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TomcatRtmpsIT {
  private static Path logs;
  private static Path certs;
  private static Tomcat tomcat;
  private static int httpPort;
  private static int rtmpsPort;
  private static ExternalProcess publisher;

  @BeforeAll
  static void deploy() throws Exception {
    Path war = PackagedWar.war();
    Tomcat.requireInstalled();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(TomcatRtmpsIT.class);
    certs = Files.createDirectories(logs.resolve("certs"));
    Keystores.pem(Keystores.selfSigned(certs.resolve("first.p12"), logs));
    Files.copy(certs.resolve("first.crt"), certs.resolve("live.crt"));
    Files.copy(certs.resolve("first.key"), certs.resolve("live.key"));
    do {
      httpPort = Ports.freePort();
      rtmpsPort = Ports.freePort();
    } while (httpPort == rtmpsPort);

    Path base = logs.resolve("catalina-base");
    Path context = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
    Files.writeString(
        context.resolve("ROOT.xml"),
        "<Context>\n"
            + parameter("rtmpt.rtmps-port", "" + rtmpsPort)
            + parameter("rtmpt.rtmps-host", "127.0.0.1")
            + parameter("rtmpt.rtmps-certificate", certs.resolve("live.crt").toString())
            + parameter("rtmpt.rtmps-private-key", certs.resolve("live.key").toString())
            + parameter("rtmpt.rtmps-reload-check-ms", "500")
            + "</Context>\n",
        StandardCharsets.UTF_8);
    tomcat = Tomcat.start(base, serverXml(), war, logs);
    tomcat.awaitDeployed(httpPort, Duration.ofSeconds(120));
    publisher = LiveChecks.startPublisher("rtmps-publisher", logs, rtmpsUrl("tomcat-rtmps"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (tomcat != null) {
      tomcat.close();
    }
  }

  private static String parameter(String name, String value) {
    return "  <Parameter name=\"" + name + "\" value=\"" + value + "\" override=\"false\"/>\n";
  }

  /** One HTTP connector with README's settings, on loopback; no HTTPS: RTMPS is the engine's. */
  private static String serverXml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n"
        + "  <Service name=\"Catalina\">\n"
        + "    <Connector address=\"127.0.0.1\" port=\""
        + httpPort
        + "\" protocol=\"HTTP/1.1\" maxKeepAliveRequests=\"-1\" keepAliveTimeout=\"120000\""
        + " tcpNoDelay=\"true\" />\n"
        + "    <Engine name=\"Catalina\" defaultHost=\"localhost\">\n"
        + "      <Host name=\"localhost\" appBase=\"webapps\" unpackWARs=\"true\""
        + " autoDeploy=\"false\" />\n"
        + "    </Engine>\n"
        + "  </Service>\n"
        + "</Server>\n";
  }

  private static String rtmpsUrl(String stream) {
    return "rtmps://127.0.0.1:" + rtmpsPort + "/live/" + stream;
  }

  private static String serial(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return certificate.getSerialNumber().toString(16);
    }
  }

  @Test
  @Order(1)
  void ffmpegPlaysBackOverRtmpsAndRtmptWhatItPublishesOverRtmps() throws Exception {
    assertEquals(serial(certs.resolve("first.crt")), TlsProbe.servedSerial(rtmpsPort));
    try (Recording rtmps = Recording.start("rtmps-recording", logs, rtmpsUrl("tomcat-rtmps"));
        Recording rtmpt =
            Recording.start(
                "rtmpt-recording", logs, "rtmpt://127.0.0.1:" + httpPort + "/live/tomcat-rtmps")) {
      rtmps.assertPlayedBackAsPublished();
      rtmpt.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(2)
  void aRenewedCertificateReachesNewClientsWithoutARestart() throws Exception {
    Keystores.pem(Keystores.selfSigned(certs.resolve("renewed.p12"), logs));
    String renewed = serial(certs.resolve("renewed.crt"));
    assertNotEquals(serial(certs.resolve("first.crt")), renewed);
    // As certbot's deploy hook or a copy would: the chain first, then the key.
    Files.copy(
        certs.resolve("renewed.crt"),
        certs.resolve("live.crt"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        certs.resolve("renewed.key"),
        certs.resolve("live.key"),
        StandardCopyOption.REPLACE_EXISTING);

    Await.until(
        "a new TLS client gets the renewed certificate",
        Duration.ofSeconds(20),
        () -> TlsProbe.servedSerial(rtmpsPort).equals(renewed));
    try (Recording afterRenewal =
        Recording.start("rtmps-recording-renewed", logs, rtmpsUrl("tomcat-rtmps"))) {
      afterRenewal.assertPlayedBackAsPublished();
    }
    assertTrue(publisher.isAlive(), "the publisher of before goes on:\n" + publisher.tail());
    assertTrue(
        tomcat.catalinaLog().contains("rtmps certificate reloaded")
            || Files.readString(logs.resolve("tomcat.err")).contains("rtmps certificate reloaded"),
        "the reload is logged");
  }
}
