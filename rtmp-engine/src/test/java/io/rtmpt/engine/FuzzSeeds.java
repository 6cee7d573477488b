package io.rtmpt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf3Writer;
import io.rtmpt.engine.amf.AmfException;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Hex;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.engine.testing.TrafficCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Writes the seed corpora of the engine's Jazzer targets into {@code src/test/resources} from real
 * traffic: ffmpeg publishing and playing and rtmpdump playing through a recording relay ({@link
 * TrafficCapture}) to an in-process server, the rtmpdump RTMPE captures of the handshake tests, and
 * the hand-made corpora of the seeded fuzz tests. Not part of the build (the name matches no test
 * pattern); run it when the protocol code changes shape, and commit what it writes:
 *
 * <pre>
 *   mvn -B -pl rtmp-engine test -Dtest=FuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class FuzzSeeds {
  private static final Path RESOURCES = Path.of("src", "test", "resources");
  private static final Path LOGS = Path.of("target", "interop", "FuzzSeeds");
  private static final Path ENGINE = RESOURCES.resolve("io/rtmpt/engine");

  /** Seeds stay small: libFuzzer mutates small inputs best, and regression runs stay fast. */
  private static final int MAX_SEED = 4096;

  private static final int MAX_PAYLOAD = 512;

  @Test
  void writeSeeds() throws Exception {
    Map<String, byte[]> captures = capture();
    for (Map.Entry<String, byte[]> e : captures.entrySet()) {
      assertTrue(e.getValue().length > 3073, e.getKey() + " sent only " + e.getValue().length);
      writeFromCapture(e.getKey(), e.getValue());
    }
    writeRtmpe();
    writeHandMadeCorpora();
  }

  /** Client-to-server bytes of each real client run, by name. */
  private static Map<String, byte[]> capture() throws Exception {
    Map<String, byte[]> captures = new LinkedHashMap<>();
    RtmpEngine engine = new RtmpEngine(EngineConfig.defaults());
    try (RtmpServer server = new RtmpServer(engine, "127.0.0.1", 0).start()) {
      String direct = "rtmp://127.0.0.1:" + server.port() + "/live/fuzz";
      try (TrafficCapture relay = new TrafficCapture(server.port())) {
        ExternalProcess publisher =
            ExternalProcess.start("ffmpeg-publish", LOGS, Ffmpeg.publish(url(relay), 2));
        publisher.waitFor(Duration.ofSeconds(30));
        captures.put("ffmpeg-publish", relay.clientBytes());
      }
      try (ExternalProcess publisher =
          ExternalProcess.start("publisher", LOGS, Ffmpeg.publish(direct, 0))) {
        awaitPublished(engine);
        try (TrafficCapture relay = new TrafficCapture(server.port())) {
          ExternalProcess.start("ffmpeg-play", LOGS, Ffmpeg.decode(url(relay), 2))
              .waitFor(Duration.ofSeconds(30));
          captures.put("ffmpeg-play", relay.clientBytes());
        }
        Interop.requireTool("rtmpdump");
        try (TrafficCapture relay = new TrafficCapture(server.port());
            ExternalProcess player =
                ExternalProcess.start(
                    "rtmpdump-play",
                    LOGS,
                    Ffmpeg.rtmpdump(url(relay), LOGS.resolve("rtmpdump.flv")))) {
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (relay.clientBytes().length < 3073 + 400 && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          player.stop(Duration.ofSeconds(2));
          captures.put("rtmpdump-play", relay.clientBytes());
        }
      }
    } finally {
      engine.closeAll("seeds written");
    }
    return captures;
  }

  private static String url(TrafficCapture relay) {
    return "rtmp://127.0.0.1:" + relay.port() + "/live/fuzz";
  }

  private static void awaitPublished(RtmpEngine engine) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (engine.streams().streams().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the publisher did not start");
      }
      Thread.sleep(50);
    }
  }

  private static void writeFromCapture(String name, byte[] client) throws IOException {
    byte[] chunks = TrafficCapture.chunkStream(client);
    byte[] handshakeAndFirstChunks = Arrays.copyOf(client, Math.min(client.length, 3073 + 256));
    write(
        "handshake/ServerHandshakeJazzerTestInputs/anyClientBytesGetOneAnswerOrARefusal",
        name,
        concat(new byte[] {0}, handshakeAndFirstChunks));
    write(
        "handshake/ServerHandshakeJazzerTestInputs/anyClientBytesGetOneAnswerOrARefusal",
        name + "-cut",
        concat(new byte[] {(byte) 0x37}, handshakeAndFirstChunks));
    byte[] firstChunks = Arrays.copyOf(chunks, Math.min(chunks.length, MAX_SEED));
    write(
        "chunk/ChunkDecoderJazzerTestInputs/anyBytesGiveMessagesOrAProtocolError",
        name,
        concat(new byte[] {0}, firstChunks));
    write(
        "chunk/ChunkDecoderJazzerTestInputs/anyBytesGiveMessagesOrAProtocolError",
        name + "-tight-cut",
        concat(new byte[] {(byte) 0x6F}, firstChunks));

    List<RawMessage> messages = TrafficCapture.messages(client);
    int n = 0;
    for (RawMessage m : messages) {
      if ((m.messageTypeId() == 20 || m.messageTypeId() == 18) && n < 12) {
        String id = name + "-" + n++ + "-type-" + m.messageTypeId();
        write("amf/AmfJazzerTestInputs/amf0GivesValuesOrAmfException", id, m.payload());
        try {
          List<Object> values = new Amf0Reader(ByteBuffer.wrap(m.payload())).readAll();
          byte[] amf3 = new Amf3Writer().writeAll(values.toArray()).toByteArray();
          write("amf/AmfJazzerTestInputs/amf3GivesValuesOrAmfException", id, amf3);
        } catch (AmfException | IllegalArgumentException e) {
          // not representable: the AMF0 seed is enough
        }
      }
    }
    List<RawMessage> afterConnect = afterConnect(messages);
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChunkEncoder encoder = new ChunkEncoder();
    for (RawMessage m : afterConnect) {
      byte[] payload = Arrays.copyOf(m.payload(), Math.min(m.payload().length, MAX_PAYLOAD));
      if (records.size() + 7 + payload.length > MAX_SEED) {
        break;
      }
      records.write(m.messageTypeId());
      records.write(Math.min(m.chunkStreamId() - 2, 61));
      records.write(m.messageStreamId());
      records.write((int) (m.timestamp() >> 8) & 0xFF);
      records.write((int) m.timestamp() & 0xFF);
      records.write(payload.length >> 8);
      records.write(payload.length & 0xFF);
      records.writeBytes(payload);
      RawMessage cut =
          new RawMessage(
              2 + Math.min(m.chunkStreamId() - 2, 61),
              m.messageTypeId(),
              m.messageStreamId() & 0xFF,
              m.timestamp() & 0xFFFF,
              payload);
      bytes.writeBytes(encoder.encode(cut));
      if (m.messageTypeId() == 1 && payload.length == 4) {
        encoder.setChunkSize(Math.min(ByteBuffer.wrap(payload).getInt() & 0x7FFFFFFF, 0xFFFFFF));
      }
    }
    write(
        "session/ServerSessionJazzerTestInputs/fuzzedMessagesAfterConnect",
        name,
        records.toByteArray());
    write(
        "session/ServerSessionJazzerTestInputs/fuzzedBytesAfterConnect", name, bytes.toByteArray());
  }

  /** The messages after the client's connect command (the prefix the session target sends). */
  private static List<RawMessage> afterConnect(List<RawMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      RawMessage m = messages.get(i);
      if (m.messageTypeId() == 20
          && new String(m.payload(), StandardCharsets.ISO_8859_1)
              .startsWith("\u0002\u0000\u0007connect")) {
        return new ArrayList<>(messages.subList(i + 1, messages.size()));
      }
    }
    throw new AssertionError("no connect in " + messages.size() + " messages");
  }

  /** rtmpdump's RTMPE handshakes, kept by the handshake tests as text vectors. */
  private static void writeRtmpe() throws IOException {
    for (int type : new int[] {6, 8, 9}) {
      Map<String, byte[]> v = vectors(ENGINE.resolve("handshake/rtmpdump-rtmpe-" + type + ".txt"));
      byte[] c0c1c2 = concat(concat(new byte[] {(byte) type}, v.get("c1")), v.get("c2"));
      write(
          "handshake/ServerHandshakeJazzerTestInputs/anyClientBytesGetOneAnswerOrARefusal",
          "rtmpdump-rtmpe-" + type,
          concat(concat(new byte[] {0}, c0c1c2), v.get("after-c2")));
      int selector = type == 6 ? 0 : type == 8 ? 1 : 2;
      String method =
          "handshake/ServerHandshakeJazzerTestInputs/rtmpeClientWithAValidDigestIsAnsweredOrRefused";
      write(method, "rtmpdump-rtmpe-" + type, concat(new byte[] {(byte) selector}, v.get("c1")));
      byte[] privateKey = Arrays.copyOf(v.get("server-private-key"), 16);
      write(
          method,
          "rtmpdump-rtmpe-" + type + "-own-key",
          concat(concat(new byte[] {(byte) (selector | 8)}, privateKey), v.get("c1")));
      write(
          method,
          "rtmpdump-rtmpe-" + type + "-digest-first",
          concat(new byte[] {(byte) (selector | 4)}, v.get("c1")));
    }
  }

  private static Map<String, byte[]> vectors(Path file) throws IOException {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf(" = ");
      if (!line.startsWith("#") && eq > 0 && !line.startsWith("type")) {
        values.put(line.substring(0, eq).trim(), Hex.decode(line.substring(eq + 3).trim()));
      }
    }
    return values;
  }

  /** The regression inputs of the seeded fuzz tests, which sit on edges worth mutating from. */
  private static void writeHandMadeCorpora() throws IOException {
    for (String format : new String[] {"amf0", "amf3"}) {
      try (Stream<Path> files = Files.list(RESOURCES.resolve("corpus").resolve(format))) {
        for (Path f : files.sorted().toList()) {
          String method = "amf/AmfJazzerTestInputs/" + format + "GivesValuesOrAmfException";
          write(
              method,
              "corpus-" + f.getFileName().toString().replace(".bin", ""),
              Files.readAllBytes(f));
        }
      }
    }
    try (Stream<Path> files = Files.list(RESOURCES.resolve("corpus/chunk"))) {
      for (Path f : files.sorted().toList()) {
        StringBuilder hex = new StringBuilder();
        for (String line : Files.readAllLines(f)) {
          if (!line.startsWith("#")) {
            hex.append(line);
          }
        }
        write(
            "chunk/ChunkDecoderJazzerTestInputs/anyBytesGiveMessagesOrAProtocolError",
            "corpus-" + f.getFileName().toString().replace(".hex", ""),
            concat(new byte[] {0}, Hex.decode(hex.toString())));
      }
    }
  }

  private static void write(String directory, String name, byte[] bytes) throws IOException {
    Path dir = ENGINE.resolve(directory);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
