package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.Tomcat;
import io.rtmpt.webapp.testing.Tomcat.AccessLogLine;
import java.io.StringWriter;
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
 * ffmpeg over rtmpt://.
 *
 * <p>The server.xml is the docker one with its connector bound to 127.0.0.1 on a free port, plus
 * two copies of that connector on ports of their own, so that the access log ({@code %{local}p})
 * tells the players apart: one copy for the player that must stay on one keep-alive connection for
 * over a minute, and one with Tomcat's default {@code maxKeepAliveRequests="100"} for a player that
 * must be cut off - the control that shows the documented setting is what matters. Both players
 * start before the other checks and are awaited last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TomcatDeployIT {
  /** The control player: long enough for > 100 requests (ffmpeg playing makes ~11 per second). */
  private static final int CONTROL_SECONDS = 20;

  private static Path logs;
  private static Tomcat tomcat;
  private static int port;
  private static int longPort;
  private static int controlPort;
  private static ExternalProcess publisher;
  private static Player longPlayer;
  private static Player controlPlayer;

  @BeforeAll
  static void deployAndStartThePlayers() throws Exception {
    Path war = PackagedWar.war();
    Tomcat.requireInstalled();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(TomcatDeployIT.class);
    port = Ports.freePort();
    do {
      longPort = Ports.freePort();
      controlPort = Ports.freePort();
    } while (Stream.of(port, longPort, controlPort).distinct().count() < 3);
    String serverXml = testServerXml(PackagedWar.projectFile("docker/tomcat/server.xml"));
    tomcat = Tomcat.start(logs.resolve("catalina-base"), serverXml, war, logs);
    tomcat.awaitDeployed(port, Duration.ofSeconds(120));

    publisher = LiveChecks.startPublisher("publisher", logs, url(port));
    longPlayer = Player.start("long-player", logs, url(longPort), LiveChecks.LONG_PLAY_SECONDS);
    controlPlayer = Player.start("control-player", logs, url(controlPort), CONTROL_SECONDS);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {longPlayer, controlPlayer, publisher}) {
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

  @Test
  @Order(1)
  void readmeDocumentsExactlyTheConnectorOfTheDockerServerXml() throws Exception {
    Element documented = onlyConnector(parse(PackagedWar.projectFile("docker/tomcat/server.xml")));
    Element readme = ReadmeSnippets.tomcatConnector(PackagedWar.projectFile("README.md"));
    assertEquals(attributes(documented), attributes(readme));
    assertEquals("-1", readme.getAttribute("maxKeepAliveRequests"));
  }

  @Test
  @Order(2)
  void aStreamPublishedOverRtmptPlaysBackOverRtmpt() throws Exception {
    try (Recording recording = Recording.start("rtmpt-recording", logs, url(port))) {
      recording.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
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
  @Order(4)
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
  @Order(5)
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
    Element connector = onlyConnector(doc);
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

  private static Element onlyConnector(Document doc) {
    NodeList connectors = doc.getElementsByTagName("Connector");
    assertEquals(1, connectors.getLength(), "connectors in docker/tomcat/server.xml");
    return (Element) connectors.item(0);
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
