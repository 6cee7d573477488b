package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.Link;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TunnelLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue requirement: a publisher announcing Set Chunk Size 0x08000000 (some Go encoders do) or
 * 0x7FFFFFFF, both valid (RTMP specification 1.0, 5.4.1: 1..0x7FFFFFFF, every size above 0xFFFFFF
 * meaning the same), is relayed byte for byte. A scripted publisher over native RTMP and over an
 * RTMPT tunnel sends frames of up to 1 MB, each in a single chunk; a player over each transport
 * receives every payload identical.
 */
class LargeChunkSizeRelayTest {
  private static EmbeddedWebapp webapp;
  private static int rtmpPort;

  @BeforeAll
  static void start() throws Exception {
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of("rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(rtmpPort)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static RtmpScript<? extends Link> client(String transport) throws IOException {
    return switch (transport) {
      case "rtmp" -> RtmpScript.start(SocketLink.connect("127.0.0.1", rtmpPort));
      case "rtmpt" -> TunnelLink.connect(webapp.httpBase());
      default -> throw new IllegalArgumentException(transport);
    };
  }

  @ParameterizedTest(name = "chunk size {0} over {1}")
  @CsvSource({"134217728, rtmp", "134217728, rtmpt", "2147483647, rtmp", "2147483647, rtmpt"})
  void aPublisherWithAChunkSizeAbove0xFFFFFFIsRelayedByteForByte(int chunkSize, String via)
      throws Exception {
    String name = "chunks-" + chunkSize + "-" + via;
    try (RtmpScript<? extends Link> publisher = client(via);
        RtmpScript<? extends Link> rtmpPlayer = client("rtmp");
        RtmpScript<? extends Link> tunnelPlayer = client("rtmpt")) {
      publisher.connectApp("live");
      int pub = publisher.createStream();
      assertEquals("NetStream.Publish.Start", RtmpScript.statusCode(publisher.publish(pub, name)));
      List<RtmpScript<? extends Link>> players = List.of(rtmpPlayer, tunnelPlayer);
      List<Integer> streams = new ArrayList<>();
      for (RtmpScript<? extends Link> p : players) {
        p.connectApp("live");
        int s = p.createStream();
        p.play(s, name);
        streams.add(s);
      }

      publisher.send(new SetChunkSize(chunkSize), 2, 0, 0);
      List<byte[]> sent = frames(chunkSize);
      for (int i = 0; i < sent.size(); i++) {
        byte[] payload = sent.get(i);
        if (payload[0] == (byte) 0xAF) {
          publisher.send(new AudioData(payload), 4, pub, i * 20L);
        } else {
          publisher.send(new VideoData(payload), 6, pub, i * 20L);
        }
      }

      for (int p = 0; p < players.size(); p++) {
        List<byte[]> got = media(players.get(p), streams.get(p), sent.size());
        for (int i = 0; i < sent.size(); i++) {
          assertArrayEquals(sent.get(i), got.get(i), "frame " + i + " to player " + p);
        }
      }
      assertTrue(
          webapp.engine().streams().get(new StreamKey("live", name)).snapshot().publishing(),
          "the publisher is still connected");
    }
  }

  /** AVC header, a 1 MB keyframe, AAC header, then audio and inter frames of varied sizes. */
  private static List<byte[]> frames(long seed) {
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    frames.add(new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F});
    frames.add(body(random, 1024 * 1024, 0x17, 1));
    frames.add(new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
    for (int i = 0; i < 20; i++) {
      frames.add(body(random, 1 + random.nextInt(400), 0xAF, 1));
      frames.add(body(random, 1 + random.nextInt(70_000), 0x27, 1));
    }
    return frames;
  }

  private static byte[] body(Random random, int size, int first, int second) {
    byte[] b = new byte[Math.max(size, 2)];
    random.nextBytes(b);
    b[0] = (byte) first;
    b[1] = (byte) second;
    return b;
  }

  /** The payloads of the first {@code count} audio and video messages on {@code streamId}. */
  private static List<byte[]> media(RtmpScript<? extends Link> player, int streamId, int count)
      throws IOException {
    List<byte[]> got = new ArrayList<>();
    while (got.size() < count) {
      RawMessage m = player.next(Duration.ofSeconds(20));
      assertNotNull(m, "got " + got.size() + " of " + count + " frames");
      if (m.messageStreamId() == streamId && (m.messageTypeId() == 8 || m.messageTypeId() == 9)) {
        got.add(m.payload());
      }
    }
    return got;
  }
}
