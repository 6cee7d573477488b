package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trusted-proxy} (issue 10, done-when 4): behind a configured proxy the per-address limit
 * applies to the forwarded client address, the right-most one the proxy added, not one a client
 * wrote itself; from any other peer {@code X-Forwarded-For} is ignored.
 */
class TrustedProxyIntegrationTest {
  private static final String LIMIT = "rtmpt.max-sessions-per-address";
  private static final String PASSWORD = "trusted-proxy-test-password";
  private static final HttpClient HTTP = AdminWebapp.client();

  @TempDir Path dataDir;
  private EmbeddedServer server;

  @BeforeEach
  void start() throws Exception {
    System.setProperty(LIMIT, "2");
    EmbeddedOptions options =
        EmbeddedOptions.parse(
            new String[] {
              "--host",
              "127.0.0.1",
              "--http-port",
              String.valueOf(Ports.freePort()),
              "--rtmp-port",
              "0",
              "--data-dir",
              dataDir.toString(),
              "--admin-password",
              PASSWORD,
              "--trusted-proxy",
              "127.0.0.1/32, ::1"
            },
            Map.of());
    server =
        new EmbeddedServer(
            options,
            Path.of(System.getProperty("basedir", ".")).resolve("../src-main-webapp").normalize());
    server.start();
  }

  @AfterEach
  void stop() {
    System.clearProperty(LIMIT);
    if (server != null) {
      server.stopQuietly();
    }
  }

  private int open(String forwardedFor) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/open/1"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-fcs")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** /open/1 from 127.0.0.2, a peer that is no trusted proxy, claiming {@code forwardedFor}. */
  private int openFromUntrusted(String forwardedFor) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /open/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
                  + forwardedFor
                  + "\r\nContent-Type: application/x-fcs\r\nContent-Length: 1\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
      return Integer.parseInt(line.toString(StandardCharsets.US_ASCII).split(" ")[1]);
    }
  }

  private List<String> tunnelAddresses() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/admin/api/sessions"))
                .header("Authorization", AdminWebapp.basic(AdminPassword.USER, PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    List<String> addresses = new ArrayList<>();
    for (JsonNode row : new ObjectMapper().readTree(response.body())) {
      String address = row.get("clientAddress").asText();
      addresses.add(address.substring(0, address.lastIndexOf(':')));
    }
    addresses.sort(null);
    return addresses;
  }

  @Test
  void theLimitAppliesPerForwardedAddressAndOnlyATrustedProxyIsBelieved() throws Exception {
    assertEquals(200, open("203.0.113.1"));
    assertEquals(200, open("203.0.113.1"));
    assertEquals(503, open("203.0.113.1"), "two for this office, the limit");
    assertEquals(200, open("203.0.113.2"), "another office behind the same proxy");
    assertEquals(
        503,
        open("198.51.100.66, 203.0.113.1"),
        "the proxy appended the real address; the client's own claim on the left is ignored");

    assertEquals(200, openFromUntrusted("203.0.113.3"));
    assertEquals(200, openFromUntrusted("203.0.113.3"));
    assertEquals(
        503, openFromUntrusted("203.0.113.4"), "from an untrusted peer the header means nothing");

    assertEquals(
        List.of("127.0.0.2", "127.0.0.2", "203.0.113.1", "203.0.113.1", "203.0.113.2"),
        tunnelAddresses());
    assertTrue(server.banner().contains("ANYONE may publish"), server.banner());
  }
}
