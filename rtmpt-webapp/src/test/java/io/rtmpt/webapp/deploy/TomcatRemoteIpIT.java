package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.DeploymentFiles;
import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.Tomcat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * README.md's recipe for a gateway in Tomcat behind a load balancer (issue 10: the client address
 * from a trusted proxy's {@code X-Forwarded-For}, by the container's own mechanism): the packaged
 * WAR in Debian's Tomcat 10.1 with docker/tomcat/server.xml and README.md's {@code RemoteIpValve},
 * its {@code internalProxies} changed to 127.0.0.1, the proxy here.
 *
 * <p>With {@code rtmpt.max-sessions-per-address} at 2, the limit must count the forwarded addresses
 * of requests from the trusted proxy, and the connection's own address for requests from anyone
 * else (127.0.0.2 here), whatever {@code X-Forwarded-For} they carry.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TomcatRemoteIpIT {
  private static final String PROXY = "127.0.0.1";
  private static final String STRANGER = "127.0.0.2";

  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void deploy() throws Exception {
    Path war = PackagedWar.war();
    Tomcat.requireInstalled();
    Path logs = PackagedWar.freshLogDirectory(TomcatRemoteIpIT.class);
    port = Ports.freePort();
    tomcat =
        Tomcat.start(
            logs.resolve("catalina-base"),
            serverXml(),
            war,
            logs,
            Map.of(
                "RTMPT_MAX_SESSIONS_PER_ADDRESS", "2",
                // the opened tunnels must outlive the test's requests on a loaded machine
                "RTMPT_SESSION_TIMEOUT_MS", "120000",
                "RTMPT_RTMP_PORT", "0"));
    tomcat.awaitDeployed(port, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.close();
    }
  }

  @Test
  void theLimitCountsForwardedAddressesFromTheProxyAndConnectionAddressesFromOthers()
      throws Exception {
    assertEquals(200, open(PROXY, "203.0.113.7"), "first tunnel of 203.0.113.7");
    assertEquals(200, open(PROXY, "203.0.113.7"), "second tunnel of 203.0.113.7");
    assertEquals(503, open(PROXY, "203.0.113.7"), "third tunnel of 203.0.113.7: over the limit");
    assertEquals(
        200,
        open(PROXY, "198.51.100.1, 203.0.113.8"),
        "203.0.113.8 (the right-most entry the proxy appended) has tunnels of its own");

    assertEquals(200, open(STRANGER, "203.0.113.9"), "first tunnel of " + STRANGER);
    assertEquals(200, open(STRANGER, "203.0.113.10"), "second tunnel of " + STRANGER);
    assertEquals(
        503,
        open(STRANGER, "203.0.113.11"),
        "a client that is not the proxy cannot pick its address with X-Forwarded-For");
    assertEquals(200, open(PROXY, null), "the proxy's own address has tunnels of its own");
  }

  /**
   * POST /open/1 from the local address {@code source} with {@code X-Forwarded-For: forwardedFor}
   * (none when null): the status code. A raw socket, since the JDK's HttpClient cannot choose its
   * local address on Java 17.
   */
  private static int open(String source, String forwardedFor) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      socket.setSoTimeout(30_000);
      String request =
          "POST /open/1 HTTP/1.1\r\n"
              + "Host: 127.0.0.1:"
              + port
              + "\r\n"
              + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
              + "Content-Type: application/x-fcs\r\n"
              + "Content-Length: 1\r\n"
              + "Connection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n")[0];
      assertTrue(status.startsWith("HTTP/1.1 "), "status line: " + status);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  /**
   * docker/tomcat/server.xml with its HTTP connector on 127.0.0.1:port, no HTTPS connector, and
   * README.md's RemoteIpValve in the Host, believing 127.0.0.1.
   */
  private static String serverXml() throws Exception {
    Path dockerServerXml = PackagedWar.projectFile(DeploymentFiles.TOMCAT_SERVER_XML);
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
    http.setAttribute("address", "127.0.0.1");
    http.setAttribute("port", String.valueOf(port));

    List<Element> valves = ReadmeSnippets.tomcatValves(PackagedWar.projectFile("README.md"));
    List<Element> remoteIp =
        valves.stream()
            .filter(v -> v.getAttribute("className").endsWith(".RemoteIpValve"))
            .toList();
    assertEquals(1, remoteIp.size(), "README.md: one RemoteIpValve in the ```xml blocks");
    Element valve = (Element) doc.importNode(remoteIp.get(0), true);
    assertEquals("x-forwarded-for", valve.getAttribute("remoteIpHeader"));
    assertEquals("x-forwarded-proto", valve.getAttribute("protocolHeader"));
    valve.setAttribute("internalProxies", PROXY.replace(".", "\\."));
    Element host = (Element) doc.getElementsByTagName("Host").item(0);
    host.appendChild(valve);

    StringWriter out = new StringWriter();
    var transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    transformer.transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }
}
