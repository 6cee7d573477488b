package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.NginxRtmp;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.Tomcat;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * The packaged WAR in Debian's Tomcat 10.1, redeployed and undeployed while it streams (issue 9):
 * each time the application stops, it stops every thread it started and releases the native RTMP
 * listener's port (1935 in the image, a free one here), so Tomcat's leak detection has nothing to
 * report and the next deployment binds the port again. Also the keep-alive limit: a connector with
 * Tomcat's default {@code maxKeepAliveRequests="100"} is named in a WARN at startup, and a tunnel
 * it cuts is logged as cut, with the fix.
 *
 * <p>The server.xml is docker/tomcat/server.xml with its HTTP connector on a free loopback port, no
 * HTTPS connector (no keystore needed here), a copy of the HTTP connector with {@code
 * maxKeepAliveRequests="100"}, and the Host set to {@code autoDeploy="true"}, checked every second,
 * so that replacing or deleting {@code webapps/ROOT.war} redeploys or undeploys the application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TomcatRedeployIT {
  /** What Tomcat's WebappClassLoader says when an application leaves a thread or thread-local. */
  private static final Pattern LEAK_WARNINGS =
      Pattern.compile(
          "appears to have started a thread named|failed to stop it|created a ThreadLocal"
              + "|failed to remove it|memory leak");

  private static final String STARTED = "rtmpt-bridge started";
  private static final String STOPPED = "rtmpt-bridge stopped";

  private static Path logs;
  private static Path war;
  private static Tomcat tomcat;
  private static int port;
  private static int limitedPort;
  private static int rtmpPort;

  @BeforeAll
  static void deploy() throws Exception {
    war = PackagedWar.war();
    Tomcat.requireInstalled();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(TomcatRedeployIT.class);
    do {
      port = Ports.freePort();
      limitedPort = Ports.freePort();
      rtmpPort = Ports.freePort();
    } while (Stream.of(port, limitedPort, rtmpPort).distinct().count() < 3);
    String serverXml = serverXml(PackagedWar.projectFile(DeploymentFiles.TOMCAT_SERVER_XML));
    tomcat =
        Tomcat.start(
            logs.resolve("catalina-base"),
            serverXml,
            war,
            logs,
            Map.of(
                "RTMPT_RTMP_HOST", "127.0.0.1",
                "RTMPT_RTMP_PORT", "" + rtmpPort,
                "RTMPT_SESSION_TIMEOUT_MS", "3000"));
    tomcat.awaitDeployed(port, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.close();
    }
  }

  @Test
  @Order(1)
  void aConnectorThatCutsTunnelsIsNamedAtStartupAndATunnelItCutsIsLoggedWithTheFix()
      throws Exception {
    String log = tomcat.catalinaLog();
    assertTrue(
        log.contains(
            "the HTTP connector on port "
                + limitedPort
                + " closes a connection after 100 requests (Tomcat's maxKeepAliveRequests)"),
        "the startup WARN:\n" + log);
    assertTrue(
        !log.contains("the HTTP connector on port " + port + " "),
        "no WARN for the connector without a limit");

    try (ExternalProcess publisher =
            LiveChecks.startPublisher("limit-publisher", logs, url(port, "limited"));
        ExternalProcess player =
            ExternalProcess.start(
                "limited-player", logs, Ffmpeg.decode(url(limitedPort, "limited"), 40))) {
      Await.until(
          "the limited connector cut the player's tunnel, and it is logged",
          Duration.ofSeconds(60),
          () -> tomcat.catalinaLog().contains("was cut by the container"),
          tomcat::catalinaLog);
      String cut =
          tomcat
              .catalinaLog()
              .lines()
              .filter(l -> l.contains("was cut by the container"))
              .findFirst()
              .orElseThrow();
      assertTrue(cut.contains("on port " + limitedPort), cut);
      assertTrue(cut.contains("after 100 requests (maxKeepAliveRequests)"), cut);
      assertTrue(cut.contains("maxKeepAliveRequests=\"-1\""), cut);
      assertTrue(player.waitFor(Duration.ofSeconds(60)) >= 0, "the cut player ended");
      assertTrue(publisher.isAlive(), "the publisher on the other connector goes on");
    }
  }

  @Test
  @Order(2)
  void aRedeployStopsWhatTheOldApplicationRanAndTheNewOneBindsTheRtmpPortAgain() throws Exception {
    try (ExternalProcess publisher =
            LiveChecks.startPublisher("old-publisher", logs, url(port, "redeploy"));
        ExternalProcess player =
            ExternalProcess.start(
                "old-rtmp-player", logs, Ffmpeg.decode(rtmpUrl("redeploy"), 120))) {
      Await.until(
          "the RTMP player plays",
          Duration.ofSeconds(30),
          () -> Ffmpeg.lastFrameCount(player.stderr()) >= Ffmpeg.FPS,
          player::isAlive,
          player::tail);

      tomcat.redeploy(war);
      Await.until(
          "the old application stopped and the new one started",
          Duration.ofSeconds(120),
          () -> count(STOPPED) >= 1 && count(STARTED) >= 2,
          tomcat::catalinaLog);
      tomcat.awaitDeployed(port, Duration.ofSeconds(60));
      assertTrue(player.waitFor(Duration.ofSeconds(30)) >= 0, "the old player's connection ended");
      assertTrue(
          publisher.waitFor(Duration.ofSeconds(30)) != 0, "the old publisher's tunnel ended");
    }
    assertNoLeakWarnings();

    // The new application's RTMP listener has the port: a stream published over RTMPT plays
    // over RTMP.
    try (ExternalProcess publisher =
            LiveChecks.startPublisher("new-publisher", logs, url(port, "again"));
        Recording recording = Recording.start("new-rtmp-recording", logs, rtmpUrl("again"))) {
      recording.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
  void anUndeployReleasesTheRtmpPortAndLeavesNoThread() throws Exception {
    tomcat.undeploy();
    Await.until(
        "the application stopped",
        Duration.ofSeconds(120),
        () -> count(STOPPED) >= 2,
        tomcat::catalinaLog);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/open/1"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    Await.until(
        "Tomcat answers 404: no application at /",
        Duration.ofSeconds(60),
        () -> http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 404);

    try (ServerSocket rtmp = new ServerSocket()) {
      rtmp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), rtmpPort));
      assertEquals(rtmpPort, rtmp.getLocalPort(), "the RTMP port is free again");
    }
    assertNoLeakWarnings();
  }

  /** The same in backend mode: its connections to the backend and their event loops. */
  @Test
  @Order(4)
  void inBackendModeToo() throws Exception {
    NginxRtmp.requireNginxRtmp();
    try (NginxRtmp nginx = NginxRtmp.start(logs.resolve("nginx"))) {
      tomcat.deploy(
          war,
          "<Context>\n"
              + "  <Parameter name=\"rtmpt.bridge\" value=\"backend\" override=\"false\"/>\n"
              + "  <Parameter name=\"rtmpt.backend\" value=\""
              + nginx.hostPort()
              + "\" override=\"false\"/>\n"
              + "</Context>\n");
      Await.until(
          "the application started in backend mode",
          Duration.ofSeconds(120),
          () -> count(STARTED + " at context path '': bridge backend") >= 1,
          tomcat::catalinaLog);
      tomcat.awaitDeployed(port, Duration.ofSeconds(60));
      try (ExternalProcess publisher =
              LiveChecks.startPublisher("backend-publisher", logs, url(port, "backend"));
          ExternalProcess player =
              ExternalProcess.start(
                  "backend-player", logs, Ffmpeg.decode(url(port, "backend"), 120))) {
        Await.until(
            "the player decodes two seconds through its tunnel and nginx",
            Duration.ofSeconds(30),
            () -> Ffmpeg.lastFrameCount(player.stderr()) >= 2 * Ffmpeg.FPS,
            player::isAlive,
            player::tail);
        assertEquals(List.of(), Ffmpeg.decodeErrors(player.stderr()), player.tail());
        tomcat.undeploy();
        Await.until(
            "the application stopped",
            Duration.ofSeconds(120),
            () -> count(STOPPED) >= 3,
            tomcat::catalinaLog);
        assertTrue(publisher.waitFor(Duration.ofSeconds(30)) != 0, "the publisher's tunnel ended");
      }
    }
    assertNoLeakWarnings();
  }

  private static void assertNoLeakWarnings() {
    List<String> leaks =
        tomcat.catalinaLog().lines().filter(l -> LEAK_WARNINGS.matcher(l).find()).toList();
    assertEquals(List.of(), leaks, "Tomcat's leak warnings");
  }

  private static long count(String text) {
    return tomcat.catalinaLog().lines().filter(l -> l.contains(text)).count();
  }

  private static String url(int port, String stream) {
    return "rtmpt://127.0.0.1:" + port + "/live/" + stream;
  }

  private static String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  /**
   * docker/tomcat/server.xml with the HTTP connector on 127.0.0.1:port and a copy of it on
   * limitedPort with maxKeepAliveRequests="100", no HTTPS connector, and a Host that redeploys.
   */
  private static String serverXml(Path dockerServerXml) throws Exception {
    Document doc = TomcatDeployIT.parse(dockerServerXml);
    NodeList connectors = doc.getElementsByTagName("Connector");
    Element http = null;
    for (int i = connectors.getLength() - 1; i >= 0; i--) {
      Element c = (Element) connectors.item(i);
      if (Boolean.parseBoolean(c.getAttribute("SSLEnabled"))) {
        c.getParentNode().removeChild(c);
      } else {
        http = c;
      }
    }
    assertTrue(http != null, "an HTTP connector in " + dockerServerXml);
    assertEquals("-1", http.getAttribute("maxKeepAliveRequests"));
    http.setAttribute("address", "127.0.0.1");
    http.setAttribute("port", String.valueOf(port));
    Element limited = (Element) http.cloneNode(true);
    limited.setAttribute("port", String.valueOf(limitedPort));
    limited.setAttribute("maxKeepAliveRequests", "100");
    http.getParentNode().insertBefore(limited, http.getNextSibling());
    Element engine = (Element) doc.getElementsByTagName("Engine").item(0);
    engine.setAttribute("backgroundProcessorDelay", "1");
    Element host = (Element) doc.getElementsByTagName("Host").item(0);
    host.setAttribute("autoDeploy", "true");
    StringWriter out = new StringWriter();
    var transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }
}
