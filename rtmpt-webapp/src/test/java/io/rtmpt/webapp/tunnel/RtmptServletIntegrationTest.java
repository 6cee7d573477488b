package io.rtmpt.webapp.tunnel;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The servlet over real HTTP: paths, replies byte for byte, keep-alive, pipelining, errors. */
class RtmptServletIntegrationTest {

  @RegisterExtension final TunnelServers servers = new TunnelServers();
  private TunnelServer server;

  @Test
  void openSendIdleCloseOverOneKeepAliveConnection() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      FakePeer peer = server.peers().peer(id);

      RawResponse send = connection.post("/send/" + id + "/0", "C0C1".getBytes(US_ASCII));
      peer.makeReadable("S0S1".getBytes(US_ASCII));
      RawResponse idle = connection.post("/idle/" + id + "/1", new byte[] {0});
      RawResponse close = connection.post("/close/" + id + "/2", new byte[] {0});

      assertEquals(200, send.status());
      assertArrayEquals(
          bytes(0x01, "C0C1"), send.body(), "send reply: polling byte + echoed bytes");
      assertArrayEquals(bytes(0x01, "S0S1"), idle.body());
      assertEquals(200, close.status());
      assertEquals(1, close.body().length);
      assertArrayEquals("C0C1".getBytes(US_ASCII), peer.written());
      Await.until(
          "the peer is closed after the close reply",
          Duration.ofSeconds(5),
          () -> peer.closeCalls() == 1);
      assertTrue(server.registry().sessions().isEmpty());
      assertFalse(
          connection.isClosedByServer(100), "the connection stays open for the next request");
    }
  }

  @Test
  void openReplyIsTheIdAndANewlineWithExactHeaders() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      RawResponse open = connection.post("/open/1", new byte[] {0});

      assertEquals("HTTP/1.1 200 OK", open.statusLine());
      assertTrue(open.bodyText().matches("[A-Za-z0-9]{24}\n"), open.bodyText());
      assertExactReplyHeaders(open, 25);
    }
  }

  @Test
  void sendIdleAndCloseRepliesHaveExactHeaders() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      assertExactReplyHeaders(connection.post("/send/" + id + "/0", new byte[] {1, 2, 3}), 4);
      server.peers().peer(id).makeReadable(new byte[] {9, 9});
      assertExactReplyHeaders(connection.post("/idle/" + id + "/1", new byte[] {0}), 3);
      assertExactReplyHeaders(connection.post("/close/" + id + "/2", new byte[] {0}), 1);
    }
  }

  /**
   * librtmp needs the status line to start with "HTTP/1.1 200 " and reads the number 16 characters
   * after the C of "Content-"; HaishinKit compares the whole Content-Type; a "Connection: close"
   * ends ffmpeg and rtmpdump sessions.
   */
  private static void assertExactReplyHeaders(RawResponse response, int contentLength) {
    assertTrue(response.statusLine().startsWith("HTTP/1.1 200 "), response.statusLine());
    String block = response.headerBlock();
    assertTrue(block.contains("Content-Type: application/x-fcs\r\n"), block);
    assertTrue(block.contains("Content-Length: " + contentLength + "\r\n"), block);
    assertTrue(block.contains("Cache-Control: no-cache\r\n"), block);
    assertEquals("application/x-fcs", response.header("Content-Type"));
    assertNull(response.header("Transfer-Encoding"));
    String connection = response.header("Connection");
    assertTrue(connection == null || !connection.equalsIgnoreCase("close"), block);
    assertEquals(contentLength, response.body().length);
  }

  @Test
  void pipelinedSendAndCloseAreBothAnsweredInOrderLikeRtmpdump() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", "handshake".getBytes(US_ASCII));

      connection.send("POST", "/send/" + id + "/1", "deleteStream".getBytes(US_ASCII));
      connection.send("POST", "/close/" + id + "/2", new byte[] {0});
      RawResponse send = connection.read();
      RawResponse close = connection.read();

      assertArrayEquals(bytes(0x01, "deleteStream"), send.body());
      assertEquals(200, close.status());
      FakePeer peer = server.peers().peer(id);
      assertArrayEquals("handshakedeleteStream".getBytes(US_ASCII), peer.written());
      Await.until(
          "the peer is closed after the close reply",
          Duration.ofSeconds(5),
          () -> peer.closeCalls() == 1);
    }
  }

  @Test
  void handshakeSplitAcrossRequestsIsPassedOnAsItCame() throws Exception {
    server = servers.start("rtmpt.max-reply-bytes", "100000");
    byte[] c0c1 = new byte[1537];
    Arrays.fill(c0c1, (byte) 7);
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      connection.post("/send/" + id + "/0", Arrays.copyOfRange(c0c1, 0, 1));
      connection.post("/send/" + id + "/1", Arrays.copyOfRange(c0c1, 1, 1000));
      connection.post("/send/" + id + "/2", Arrays.copyOfRange(c0c1, 1000, 1537));

      assertArrayEquals(c0c1, server.peers().peer(id).written());
      assertEquals(java.util.List.of(1, 999, 537), server.peers().peer(id).writeSizes());
    }
  }

  @Test
  void repliesCarryAtMostMaxReplyBytesAndTheRestComesNext() throws Exception {
    server = servers.start("rtmpt.max-reply-bytes", "10");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      server.peers().peer(id).makeReadable("0123456789abcdef".getBytes(US_ASCII));

      RawResponse first = connection.post("/idle/" + id + "/0", new byte[] {0});
      RawResponse second = connection.post("/idle/" + id + "/1", new byte[] {0});

      assertArrayEquals(bytes(0x01, "0123456789"), first.body());
      assertArrayEquals(bytes(0x01, "abcdef"), second.body());
    }
  }

  @Test
  void javaHttpClientCanRunASession() throws Exception {
    server = servers.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + server.port() + TunnelServer.CONTEXT_PATH;

    HttpResponse<byte[]> open =
        client.send(
            post(base + "/open/1", new byte[] {0}), HttpResponse.BodyHandlers.ofByteArray());
    String id = new String(open.body(), US_ASCII).trim();
    HttpResponse<byte[]> send =
        client.send(
            post(base + "/send/" + id + "/0", "hello".getBytes(US_ASCII)),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> close =
        client.send(
            post(base + "/close/" + id + "/1", new byte[] {0}),
            HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, open.statusCode());
    assertEquals("application/x-fcs", open.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(bytes(0x01, "hello"), send.body());
    assertEquals(200, close.statusCode());
    assertEquals(1, close.body().length);
  }

  @Test
  void ident2IsNotFoundByDefault() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      assertEquals(404, connection.post("/fcs/ident2", new byte[] {0}).status());
      assertFalse(connection.isClosedByServer(100));
    }
  }

  @Test
  void ident2AnswersTheConfiguredBody() throws Exception {
    server = servers.start("rtmpt.ident2-response", "127.0.0.1");
    try (RawHttpConnection connection = server.connect()) {
      RawResponse ident = connection.post("/fcs/ident2", new byte[] {0});

      assertEquals(200, ident.status());
      assertEquals("127.0.0.1", ident.bodyText());
      assertEquals("application/x-fcs", ident.header("Content-Type"));
    }
  }

  @Test
  void unknownSessionIsNotFound() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      RawResponse idle = connection.post("/idle/NoSuchSession123/0", new byte[] {0});

      assertEquals(404, idle.status());
      assertEquals(1, server.registry().statistics().errors().get(RtmptErrorKind.UNKNOWN_SESSION));
    }
  }

  @Test
  void pathsThatAreNotRtmptAreNotFound() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      assertEquals(404, connection.post("/open/2", new byte[] {0}).status());
      assertEquals(404, connection.post("/send/abc", new byte[] {0}).status());
      assertEquals(404, connection.post("/fcs/other", new byte[] {0}).status());
      assertEquals(
          3, server.registry().statistics().errors().get(RtmptErrorKind.NOT_AN_RTMPT_PATH));
    }
  }

  @Test
  void otherMethodsGetMethodNotAllowedWithAllowPost() throws Exception {
    server = servers.start();
    try (RawHttpConnection connection = server.connect()) {
      for (String method : new String[] {"GET", "PUT", "DELETE", "OPTIONS"}) {
        connection.send(method, "/open/1", new byte[0]);
        RawResponse response = connection.read();

        assertEquals(405, response.status(), method);
        assertEquals("POST", response.header("Allow"), method);
      }
      assertTrue(server.registry().sessions().isEmpty());
    }
  }

  @Test
  void bodyOverTheLimitIsRefusedByItsContentLength() throws Exception {
    server = servers.start("rtmpt.max-request-bytes", "1000");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      assertEquals(200, connection.post("/send/" + id + "/0", new byte[1000]).status());
    }
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);

      RawResponse tooLarge = connection.post("/send/" + id + "/0", new byte[1001]);

      assertEquals(413, tooLarge.status());
      assertEquals(0, server.peers().peer(id).written().length);
    }
  }

  @Test
  void chunkedBodyOverTheLimitIsRefusedByWhatWasRead() throws Exception {
    server = servers.start("rtmpt.max-request-bytes", "1000");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      String head =
          "POST "
              + TunnelServer.CONTEXT_PATH
              + "/send/"
              + id
              + "/0 HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
      byte[] chunk = new byte[600];
      byte[] chunkHead = "258\r\n".getBytes(US_ASCII);
      byte[] crlf = "\r\n".getBytes(US_ASCII);
      byte[] request = RawHttpConnection.concat(head.getBytes(US_ASCII), chunkHead);
      request = RawHttpConnection.concat(request, chunk);
      request = RawHttpConnection.concat(request, crlf);
      request = RawHttpConnection.concat(request, chunkHead);
      request = RawHttpConnection.concat(request, chunk);
      request = RawHttpConnection.concat(request, crlf);
      request = RawHttpConnection.concat(request, "0\r\n\r\n".getBytes(US_ASCII));

      connection.writeRaw(request);
      RawResponse tooLarge = connection.read();

      assertEquals(413, tooLarge.status());
      assertEquals(0, server.peers().peer(id).written().length);
    }
  }

  @Test
  void peerThatCannotBeOpenedGivesBadGateway() throws Exception {
    server = servers.start();
    server.peers().failNextOpen(new java.net.ConnectException("Connection refused"));
    try (RawHttpConnection connection = server.connect()) {
      assertEquals(502, connection.post("/open/1", new byte[] {0}).status());
      assertEquals(200, connection.post("/open/1", new byte[] {0}).status());
      assertEquals(1, server.registry().sessions().size());
    }
  }

  @Test
  void snapshotsCountBytesRequestsAndClient() throws Exception {
    server = servers.start("rtmpt.idle-hold-ms", "0");
    try (RawHttpConnection connection = server.connect()) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", "12345".getBytes(US_ASCII));
      connection.post("/idle/" + id + "/1", new byte[] {0});

      Await.until(
          "the session is waiting",
          Duration.ofSeconds(5),
          () -> server.info(id).state() == RtmptSessionInfo.State.WAITING);
      RtmptSessionInfo info = server.info(id);

      assertEquals(id, info.id());
      assertEquals("127.0.0.1", info.remoteAddress());
      assertTrue(info.remotePort() > 0);
      assertEquals("Shockwave Flash", info.userAgent());
      assertFalse(info.secure());
      assertEquals(5, info.bytesIn());
      assertEquals(5, info.bytesOut());
      assertEquals(2, info.requests());
      assertFalse(info.lastActivity().isBefore(info.created()));
      RtmptStatistics statistics = server.registry().statistics();
      assertEquals(1, statistics.openSessions());
      assertEquals(1, statistics.sessionsOpened());
      assertEquals(1, statistics.requests().get(RtmptCommand.OPEN));
      assertEquals(1, statistics.requests().get(RtmptCommand.SEND));
      assertEquals(1, statistics.requests().get(RtmptCommand.IDLE));
    }
  }

  private static HttpRequest post(String uri, byte[] body) {
    return HttpRequest.newBuilder(URI.create(uri))
        .header("Content-Type", "application/x-fcs")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  static byte[] bytes(int pollingByte, String payload) {
    return RawHttpConnection.concat(new byte[] {(byte) pollingByte}, payload.getBytes(US_ASCII));
  }
}
