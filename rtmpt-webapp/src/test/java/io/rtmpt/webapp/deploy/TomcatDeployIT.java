package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.Tomcat;
import io.rtmpt.webapp.testing.Tomcat.AccessLogLine;
import io.rtmpt.webapp.testing.WarEntries;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The packaged WAR as ROOT.war in Debian's Tomcat 10.1, configured with docker/tomcat/server.xml
 * (the file the Tomcat image uses, with the connector settings README.md documents), driven by
 * ffmpeg over rtmpt:// and, through Tomcat's own HTTPS connector, rtmpts://.
 *
 * <p>The server.xml is the docker one with its connectors bound to 127.0.0.1 on free ports, the
 * HTTPS connector's keystore and password file paths pointed at a keystore keytool made for the
 * test, plus two copies of the HTTP connector on ports of their own, so that the access log ({@code
 * %{local}p}) tells the players apart: one copy for the player that must stay on one keep-alive
 * connection for over a minute, and one with Tomcat's default {@code maxKeepAliveRequests="100"}
 * for a player that must be cut off - the control that shows the documented setting is what
 * matters. Both players start before the other checks and are awaited last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TomcatDeployIT {
  /** The control player: long enough for > 100 requests (ffmpeg playing makes ~11 per second). */
  private static final int CONTROL_SECONDS = 20;

  private static Path logs;
  private static Tomcat tomcat;
  private static int port;
  private static int httpsPort;
  private static int rtmpPort;
  private static int longPort;
  private static int controlPort;
  private static ExternalProcess publisher;
  private static ExternalProcess tlsPublisher;
  private static Path keystore;
  private static Player longPlayer;
  private static Player controlPlayer;

  @BeforeAll
  static void deployAndStartThePlayers() throws Exception {
    Path war = PackagedWar.war();
    Tomcat.requireInstalled();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(TomcatDeployIT.class);
    keystore = Keystores.selfSigned(logs.resolve("secrets").resolve("rtmpt.p12"), logs);
    Files.writeString(
        logs.resolve("secrets").resolve("rtmpt.p12.password"),
        Keystores.PASSWORD + "\n",
        StandardCharsets.UTF_8);
    port = Ports.freePort();
    do {
      httpsPort = Ports.freePort();
      longPort = Ports.freePort();
      controlPort = Ports.freePort();
    } while (Stream.of(port, httpsPort, longPort, controlPort).distinct().count() < 4);
    String serverXml = testServerXml(PackagedWar.projectFile(DeploymentFiles.TOMCAT_SERVER_XML));
    // Dockerfile.tomcat's ENV, the native RTMP listener on a free loopback port.
    Map<String, String> environment =
        new java.util.HashMap<>(
            DockerFiles.environment(PackagedWar.projectFile(DeploymentFiles.TOMCAT_DOCKERFILE)));
    assertEquals("1935", environment.get("RTMPT_RTMP_PORT"), "Dockerfile.tomcat: " + environment);
    do {
      rtmpPort = Ports.freePort();
    } while (Stream.of(port, httpsPort, longPort, controlPort).anyMatch(p -> p == rtmpPort));
    environment.put("RTMPT_RTMP_PORT", "" + rtmpPort);
    environment.put("RTMPT_RTMP_HOST", "127.0.0.1");
    tomcat = Tomcat.start(logs.resolve("catalina-base"), serverXml, war, logs, environment);
    tomcat.awaitDeployed(port, Duration.ofSeconds(120));

    publisher = LiveChecks.startPublisher("publisher", logs, url(port));
    tlsPublisher = LiveChecks.startPublisher("tls-publisher", logs, tlsUrl());
    longPlayer = Player.start("long-player", logs, url(longPort), LiveChecks.LONG_PLAY_SECONDS);
    controlPlayer = Player.start("control-player", logs, url(controlPort), CONTROL_SECONDS);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {longPlayer, controlPlayer, tlsPublisher, publisher}) {
      if (c != null) {
        c.close();
      }
    }
    if (tomcat != null) {
      tomcat.close();
    }
  }

  private static String url(int port) {
    return "rtmpt://127.0.0.1:" + port + "/live/tomcat";
  }

  /** A stream of its own, published and played over Tomcat's HTTPS connector. */
  private static String tlsUrl() {
    return "rtmpts://127.0.0.1:" + httpsPort + "/live/tomcat-tls";
  }

  @Test
  @Order(3)
  void nothingButTheEndpointsAndTheProtectedConsoleIsServed() throws Exception {
    WarEntries.assertNothingServed("http://127.0.0.1:" + port, PackagedWar.war());
  }

  @Test
  @Order(1)
  void readmeDocumentsExactlyTheConnectorsOfTheDockerServerXml() throws Exception {
    Document docker = parse(PackagedWar.projectFile(DeploymentFiles.TOMCAT_SERVER_XML));
    List<Element> readme = ReadmeSnippets.tomcatConnectors(PackagedWar.projectFile("README.md"));
    assertEquals(2, readme.size(), "README.md: <Connector> elements in ```xml blocks");
    assertEquals(attributes(httpConnector(docker)), attributes(readme.get(0)));
    assertEquals(attributes(httpsConnector(docker)), attributes(readme.get(1)));
    assertEquals(
        attributes(certificate(httpsConnector(docker))), attributes(certificate(readme.get(1))));
    for (Element connector : readme) {
      assertEquals("-1", connector.getAttribute("maxKeepAliveRequests"));
      assertEquals("120000", connector.getAttribute("keepAliveTimeout"));
    }
  }

  @Test
  @Order(3)
  void aStreamPublishedOverRtmptsPlaysBackOverRtmptsAndTheImagesRtmpPort() throws Exception {
    try (Recording recording = Recording.start("rtmpts-recording", logs, tlsUrl());
        Recording rtmp =
            Recording.start(
                "rtmp-recording", logs, "rtmp://127.0.0.1:" + rtmpPort + "/live/tomcat-tls")) {
      recording.assertPlayedBackAsPublished();
      rtmp.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(2)
  void aStreamPublishedOverRtmptPlaysBackOverRtmpt() throws Exception {
    try (Recording recording = Recording.start("rtmpt-recording", logs, url(port))) {
      recording.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(4)
  void theHealthCheckPassesWhenTheApplicationAnswersAndFailsOtherwise() throws Exception {
    assertEquals(
        0,
        HealthCheck.run(logs, "healthcheck-ok", Map.of("RTMPT_HTTP_PORT", "" + port)),
        "docker/healthcheck.sh against the deployed ROOT.war");
    assertEquals(
        1,
        HealthCheck.run(
            logs,
            "healthcheck-no-app",
            Map.of("RTMPT_HTTP_PORT", "" + port, "RTMPT_CONTEXT_PATH", "/not-deployed")),
        "docker/healthcheck.sh where Tomcat answers but no application does");
  }

  @Test
  @Order(5)
  void withTomcatsDefaultOf100KeepAliveRequestsThePlayerIsCutOff() throws Exception {
    Player.Outcome outcome = controlPlayer.await();
    Map<Integer, Long> perConnection = requestsPerRemotePort(controlPort);
    String what = outcome + "; requests per connection (remote port -> count): " + perConnection;
    assertFalse(perConnection.isEmpty(), what + ": no request of the control player was logged");
    assertTrue(
        outcome.frames() < LiveChecks.minFrames(CONTROL_SECONDS),
        what + ": the control player should have been cut off before " + CONTROL_SECONDS + " s");
    assertEquals(
        100L,
        perConnection.values().iterator().next(),
        what + ": Tomcat should have closed the first connection after 100 requests");
  }

  @Test
  @Order(6)
  void aPlayerStaysOnOneKeepAliveConnectionForOverAMinute() throws Exception {
    Player.Outcome outcome = longPlayer.assertPlayedThroughout();
    Map<Integer, Long> perConnection = requestsPerRemotePort(longPort);
    String what = outcome + "; requests per connection (remote port -> count): " + perConnection;
    assertEquals(1, perConnection.size(), what + ": want every request on one connection");
    assertTrue(
        perConnection.values().iterator().next() > 100,
        what + ": want more requests than Tomcat's default maxKeepAliveRequests (100) on it");
    List<AccessLogLine> notOk = lines(longPort).stream().filter(l -> l.status() != 200).toList();
    assertEquals(List.of(), notOk, "every request of the player answered 200");
  }

  private static List<AccessLogLine> lines(int localPort) throws Exception {
    return tomcat.accessLog().stream().filter(l -> l.localPort() == localPort).toList();
  }

  /** Remote port -> requests from it, in the order the connections first appear in the log. */
  private static Map<Integer, Long> requestsPerRemotePort(int localPort) throws Exception {
    return lines(localPort).stream()
        .collect(
            Collectors.groupingBy(
                AccessLogLine::remotePort, java.util.LinkedHashMap::new, Collectors.counting()));
  }

  /**
   * docker/tomcat/server.xml with its connector on 127.0.0.1:port, and the two copies on longPort
   * and (with maxKeepAliveRequests="100") controlPort.
   */
  private static String testServerXml(Path dockerServerXml) throws Exception {
    Document doc = parse(dockerServerXml);
    Element https = httpsConnector(doc);
    https.setAttribute("address", "127.0.0.1");
    https.setAttribute("port", String.valueOf(httpsPort));
    Element certificate = certificate(https);
    assertEquals("/run/secrets/rtmpt.p12", certificate.getAttribute("certificateKeystoreFile"));
    certificate.setAttribute("certificateKeystoreFile", keystore.toString());
    certificate.setAttribute(
        "certificateKeystorePasswordFile",
        keystore.resolveSibling("rtmpt.p12.password").toString());
    Element connector = httpConnector(doc);
    connector.setAttribute("address", "127.0.0.1");
    connector.setAttribute("port", String.valueOf(port));
    Element longConnector = (Element) connector.cloneNode(true);
    longConnector.setAttribute("port", String.valueOf(longPort));
    Element control = (Element) connector.cloneNode(true);
    control.setAttribute("port", String.valueOf(controlPort));
    control.setAttribute("maxKeepAliveRequests", "100");
    connector.getParentNode().insertBefore(longConnector, connector.getNextSibling());
    connector.getParentNode().insertBefore(control, longConnector.getNextSibling());

    NodeList valves = doc.getElementsByTagName("Valve");
    String pattern = null;
    for (int i = 0; i < valves.getLength(); i++) {
      Element valve = (Element) valves.item(i);
      if (valve.getAttribute("className").endsWith(".AccessLogValve")) {
        pattern = valve.getAttribute("pattern");
      }
    }
    assertEquals(
        "%a %{remote}p %{local}p %t \"%r\" %s %b",
        pattern, "docker/tomcat/server.xml: the access log pattern Tomcat.AccessLogLine reads");

    StringWriter out = new StringWriter();
    var transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }

  static Document parse(Path xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
  }

  /** The one connector without SSLEnabled="true". */
  private static Element httpConnector(Document doc) {
    return connector(doc, false);
  }

  /** The one connector with SSLEnabled="true". */
  private static Element httpsConnector(Document doc) {
    return connector(doc, true);
  }

  private static Element connector(Document doc, boolean tls) {
    NodeList connectors = doc.getElementsByTagName("Connector");
    List<Element> found = new java.util.ArrayList<>();
    for (int i = 0; i < connectors.getLength(); i++) {
      Element c = (Element) connectors.item(i);
      if (Boolean.parseBoolean(c.getAttribute("SSLEnabled")) == tls) {
        found.add(c);
      }
    }
    assertEquals(1, found.size(), (tls ? "HTTPS" : "HTTP") + " connectors in server.xml");
    return found.get(0);
  }

  private static Element certificate(Element connector) {
    NodeList certificates = connector.getElementsByTagName("Certificate");
    assertEquals(1, certificates.getLength(), "<Certificate> of the HTTPS connector");
    return (Element) certificates.item(0);
  }

  private static Map<String, String> attributes(Element element) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < element.getAttributes().getLength(); i++) {
      var a = element.getAttributes().item(i);
      map.put(a.getNodeName(), a.getNodeValue());
    }
    return map;
  }
}
