package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TunnelLink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads when peers misbehave: every engine session that ends logs exactly one line
 * saying why ("... #7: closed (REASON), N bytes in, M bytes out"), and nothing a peer does makes
 * the application log a stack trace. The peers here break the protocol over TCP and over a tunnel,
 * vanish mid-chunk, leave a ping unanswered, never connect, send a bad handshake, or just leave.
 */
class SessionCloseLogTest {
  private static final Pattern CLOSED =
      Pattern.compile(" #(\\d+): closed \\((.*)\\), \\d+ bytes in");

  @Test
  void everySessionThatEndsLogsOneLineWithItsReasonAndNoPeerFaultLogsAStackTrace()
      throws Exception {
    int rtmpPort = Ports.freePort();
    try (LogCapture log = LogCapture.of("io.rtmpt");
        EmbeddedWebapp webapp =
            EmbeddedWebapp.start(
                Map.of(
                    "rtmpt.rtmp-host", "127.0.0.1",
                    "rtmpt.rtmp-port", String.valueOf(rtmpPort),
                    "rtmpt.engine.ping-interval-ms", "300",
                    "rtmpt.engine.ping-timeout-ms", "300",
                    "rtmpt.engine.handshake-timeout-ms", "1000"))) {
      List<String> expected = new ArrayList<>();

      RtmpScript<SocketLink> unknownType = tcp(rtmpPort);
      unknownType.connectApp("live");
      unknownType.sendRaw(new RawMessage(3, 7, 0, 0, new byte[3]));
      assertTrue(unknownType.awaitClosed(Duration.ofSeconds(5)));
      expected.add("protocol error: unknown message type 7");

      RtmpScript<TunnelLink> zeroChunkSize = TunnelLink.connect(webapp.httpBase());
      zeroChunkSize.connectApp("live");
      try {
        zeroChunkSize.sendBytes(
            new byte[] {0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}); // chunk size 0
      } catch (IOException refused) {
        // the /send that carried it may already be refused
      }
      if (!zeroChunkSize.link().isEnded()) {
        zeroChunkSize.link().pollUntilEnded(Duration.ofSeconds(10));
      }
      expected.add("protocol error: chunk size 0 is below 1");

      RtmpScript<SocketLink> vanishes = tcp(rtmpPort);
      vanishes.connectApp("live");
      vanishes.closeMidChunk(new VideoData(new byte[5000]), 1, 300);
      expected.add("connection closed by peer");

      RtmpScript<SocketLink> mute = tcp(rtmpPort);
      mute.connectApp("live");
      assertTrue(mute.awaitClosed(Duration.ofSeconds(10)));
      expected.add("no answer to a ping within 300 ms");

      try (Socket silent = new Socket("127.0.0.1", rtmpPort)) {
        silent.setSoTimeout(10_000);
        assertEquals(-1, silent.getInputStream().read());
      }
      expected.add("no connect within 1000 ms");

      try (Socket badHandshake = new Socket("127.0.0.1", rtmpPort)) {
        OutputStream out = badHandshake.getOutputStream();
        out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // not RTMP
        out.flush();
        badHandshake.setSoTimeout(10_000);
        assertEquals(-1, badHandshake.getInputStream().read());
      }
      expected.add("protocol error: unsupported rtmp version 0x47 in c0");

      RtmpScript<SocketLink> leaves = tcp(rtmpPort);
      leaves.connectApp("live");
      leaves.send(new SetChunkSize(4096), 2, 0, 0);
      leaves.close();
      expected.add("connection closed by peer");

      RtmpEngine engine = webapp.engine();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (engine.sessionCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, engine.sessionCount(), String.valueOf(engine.sessions()));

      Map<Long, List<String>> closes = new TreeMap<>();
      for (String line : log.messages()) {
        Matcher m = CLOSED.matcher(line);
        if (m.find()) {
          closes
              .computeIfAbsent(Long.parseLong(m.group(1)), id -> new ArrayList<>())
              .add(m.group(2));
        }
      }
      assertEquals(expected.size(), closes.size(), "one close line per session: " + closes);
      int i = 0;
      for (Map.Entry<Long, List<String>> e : closes.entrySet()) {
        assertEquals(1, e.getValue().size(), "session " + e.getKey() + ": " + e.getValue());
        String reason = e.getValue().get(0);
        assertTrue(reason.startsWith(expected.get(i)), "session " + e.getKey() + ": " + reason);
        i++;
      }
      assertEquals(List.of(), log.withStackTraces(), "stack traces for what peers did");
    }
  }

  private static RtmpScript<SocketLink> tcp(int port) throws IOException {
    return RtmpScript.start(SocketLink.connect("127.0.0.1", port));
  }
}
