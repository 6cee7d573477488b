package io.rtmpt.webapp.tunnel;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.testing.FuzzInput;
import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.config.Settings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer target for the tunnel's path, sequence and body handling: a real {@link RtmptServlet} in
 * Jetty, reached through Jetty's in-memory {@link LocalConnector}, with an echoing {@link FakePeer}
 * behind each session, is sent fuzzed request sequences, some waited for one by one and some in
 * flight together. Whatever the sequence: every request gets exactly one answer, with a status the
 * tunnel documents (never 500, never the 503 of the container's backstop); the peer receives {@code
 * /send} bodies whole, each at most once and in increasing sequence order; every byte the peer gave
 * back was delivered once or is still waiting; and once the input's sessions are closed, the
 * registry holds none. Regression inputs: {@code
 * src/test/resources/io/rtmpt/webapp/tunnel/RtmptTunnelJazzerTestInputs/} (seeds: the request
 * sequences of ffmpeg and rtmpdump tunnels, written by {@code TunnelFuzzSeeds}).
 */
class RtmptTunnelJazzerTest {
  private static final Duration HANG = Duration.ofSeconds(30);
  private static final int MAX_REQUEST_BYTES = 200;
  private static final Set<Integer> SESSION_STATUSES = Set.of(200, 400, 404, 413);

  private static Server server;
  private static LocalConnector connector;
  private static RtmptSessionRegistry registry;
  private static FakePeerFactory peers;

  @BeforeAll
  static void start() throws Exception {
    RtmptConfig config =
        RtmptConfig.from(
            new Settings(
                Map.of(
                    "rtmpt.idle-hold-ms", "20",
                    "rtmpt.reorder-timeout-ms", "100",
                    "rtmpt.reorder-window", "8",
                    "rtmpt.max-request-bytes", String.valueOf(MAX_REQUEST_BYTES),
                    "rtmpt.max-reply-bytes", "100",
                    "rtmpt.max-sessions-per-address", "1000"),
                Map.of(),
                Map.of()));
    peers = new FakePeerFactory();
    registry = new RtmptSessionRegistry(config, peers);
    server = new Server();
    connector = new LocalConnector(server);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addEventListener(
        new ServletContextListener() {
          @Override
          public void contextInitialized(ServletContextEvent event) {
            RtmptServlet.register(event.getServletContext(), registry);
          }
        });
    server.setHandler(context);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    registry.close();
  }

  /**
   * Input: after one byte (the sequence number of the first request: 0, or 1 as Red5 starts),
   * records of three bytes: what (bits 0-2: send, idle, close, close without number, ident, open, a
   * path of fuzzed characters, a GET; bit 3: wait for the answer before the next request; bit 4: an
   * unknown session id), the sequence number as a signed step from the next one, and the body
   * length (a body of 2 or more bytes starts with the request's index, so that the peer's bytes
   * name their request).
   */
  @FuzzTest(maxDuration = "5m")
  void fuzzedRequestSequencesKeepTheTunnelsPromises(byte[] input) {
    assertTimeoutPreemptively(HANG, () -> run(input));
  }

  private record Sent(
      int index,
      int kind,
      String path,
      long sequence,
      byte[] body,
      boolean ownSession,
      LocalConnector.LocalEndPoint end) {}

  private static void run(byte[] input) throws Exception {
    FuzzInput in = new FuzzInput(input);
    List<String> opened = new ArrayList<>();
    String id = open(opened);
    long next = in.u8() & 1;
    List<Sent> sent = new ArrayList<>();
    Map<Integer, String> delivered = new HashMap<>();
    for (int index = 0; in.remaining() > 0 && index < 64; index++) {
      int what = in.u8();
      long sequence = Math.max(0, next + (byte) in.u8());
      next = Math.max(next, sequence + 1);
      byte[] body = body(index, in.u8());
      int kind = what & 7;
      String target = (what & 0x10) != 0 ? "unknown0" + index : id;
      String method = kind == 7 ? "GET" : "POST";
      String path =
          switch (kind) {
            case 0, 7 -> "/send/" + target + "/" + sequence;
            case 1 -> "/idle/" + target + "/" + sequence;
            case 2 -> "/close/" + target + "/" + sequence;
            case 3 -> "/close/" + target;
            case 4 -> "/fcs/ident2";
            case 5 -> "/open/1";
            default -> "/" + pathOf(body);
          };
      Sent request =
          new Sent(index, kind, path, sequence, body, target.equals(id), post(method, path, body));
      sent.add(request);
      if ((what & 8) != 0) {
        delivered.put(index, check(request, opened));
      }
    }
    for (Sent request : sent) {
      if (!delivered.containsKey(request.index)) {
        delivered.put(request.index, check(request, opened));
      }
    }
    FakePeer peer = peers.peer(id);
    checkPeerWrites(peer, sent);
    long echoed = delivered.values().stream().mapToLong(String::length).sum();
    assertEquals(peer.written().length, echoed + peer.readableBytes(), "echoed bytes");
    for (String session : opened) {
      registry.close(session);
      assertTrue(peers.peer(session).closeCalls() >= 1, "peer of " + session + " not closed");
    }
    assertEquals(List.of(), registry.sessions(), "sessions left");
  }

  /** /open/1, answered with a new session id. */
  private static String open(List<String> opened) throws Exception {
    HttpTester.Response reply = answer(post("POST", "/open/1", new byte[] {0}), "/open/1");
    assertEquals(200, reply.getStatus());
    String id = reply.getContent().trim();
    opened.add(id);
    return id;
  }

  /**
   * Waits for the answer to one request and checks its status; returns the tunnelled bytes of a 200
   * answer in this input's session (as ISO-8859-1 text, one char per byte), else an empty string.
   */
  private static String check(Sent request, List<String> opened) throws Exception {
    HttpTester.Response reply = answer(request.end, "request " + request.index);
    int status = reply.getStatus();
    byte[] content = reply.getContentBytes();
    // The body's size is checked first, before the path's session or command.
    boolean tooLarge = request.body.length > MAX_REQUEST_BYTES;
    switch (request.kind) {
      case 0, 1, 2, 3 -> {
        assertTrue(SESSION_STATUSES.contains(status), "status " + status + " of " + request);
        if (status == 200) {
          assertTrue(content.length >= 1, "200 without the polling byte: " + request);
          if (request.ownSession) {
            return new String(content, 1, content.length - 1, ISO_8859_1);
          }
        }
        if (!request.ownSession) {
          assertEquals(tooLarge ? 413 : 404, status, "unknown session " + request);
        }
      }
      case 4 -> assertEquals(tooLarge ? 413 : 404, status, "ident2 without configuration");
      case 5 -> {
        assertEquals(tooLarge ? 413 : 200, status, "open");
        if (status == 200) {
          opened.add(reply.getContent().trim());
        }
      }
      case 6 -> {
        // Paths outside the servlet's mappings are the container's (Jetty answers a POST there
        // with 405); under them, the servlet's own statuses.
        boolean mapped =
            RtmptServlet.MAPPINGS.stream()
                .anyMatch(m -> request.path.startsWith(m.substring(0, m.length() - 1)));
        assertTrue(
            !mapped || Set.of(200, 400, 404, 413).contains(status), status + " to " + request);
        if (status == 200 && request.path.equals("/open/1")) {
          opened.add(reply.getContent().trim());
        }
      }
      default -> assertEquals(405, status, "GET");
    }
    return "";
  }

  /** The peer got whole /send bodies of this session, at most once each, in sequence order. */
  private static void checkPeerWrites(FakePeer peer, List<Sent> sent) {
    byte[] written = peer.written();
    long lastSequence = -1;
    boolean[] used = new boolean[sent.size()];
    int offset = 0;
    for (int size : peer.writeSizes()) {
      byte[] write = Arrays.copyOfRange(written, offset, offset + size);
      offset += size;
      Sent match = null;
      for (Sent s : sent) {
        if (s.kind == 0
            && !used[s.index]
            && s.ownSession
            && s.sequence > lastSequence
            && Arrays.equals(s.body, write)
            && (match == null || s.sequence < match.sequence)) {
          match = s;
        }
      }
      if (match == null) {
        fail(
            "the peer got bytes of no /send after seq "
                + lastSequence
                + ": "
                + Arrays.toString(write));
      }
      used[match.index] = true;
      lastSequence = match.sequence;
    }
  }

  private static byte[] body(int index, int length) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (index * 7 + i);
    }
    if (length >= 2) {
      body[0] = (byte) 0xF0;
      body[1] = (byte) index;
    }
    return body;
  }

  /** Path characters from a body: letters, digits and a few separators. */
  private static String pathOf(byte[] bytes) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/._-ACDEISXZ";
    StringBuilder path = new StringBuilder();
    for (byte b : bytes) {
      path.append(alphabet.charAt((b & 0xFF) % alphabet.length()));
    }
    return path.toString();
  }

  private static LocalConnector.LocalEndPoint post(String method, String path, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: local\r\nContent-Type: application/x-fcs\r\n"
            + "Content-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    request.writeBytes(head.getBytes(US_ASCII));
    request.writeBytes(body);
    LocalConnector.LocalEndPoint end = connector.connect();
    end.addInput(ByteBuffer.wrap(request.toByteArray()));
    return end;
  }

  private static HttpTester.Response answer(LocalConnector.LocalEndPoint end, String what)
      throws Exception {
    ByteBuffer raw = end.waitForResponse(false, 20, TimeUnit.SECONDS);
    assertNotNull(raw, "no answer to " + what);
    HttpTester.Response reply = HttpTester.parseResponse(raw);
    assertNotNull(reply, "unparseable answer to " + what);
    assertTrue(
        reply.getStatus() != 500 && reply.getStatus() != 503,
        what + " answered " + reply.getStatus());
    return reply;
  }
}
