package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FuzzInput;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SessionLink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer targets for command dispatch: a whole {@link ServerSession} of an in-memory engine, after
 * a valid handshake and {@code connect("live")}, is fed fuzzed messages or bytes. Only values, an
 * {@link RtmpProtocolException} (the session is then closed) or a clean close may come out: never
 * another exception or a hang, and what the server sends decodes. A bystander that plays {@code
 * live/fuzz} (the name the seeds publish) keeps its session and decodes what it gets; once both
 * close, the engine holds no session and no stream. Regression inputs: {@code
 * src/test/resources/io/rtmpt/engine/session/ServerSessionJazzerTestInputs/} (seeds: what ffmpeg
 * and rtmpdump sent after their connect, written by {@code FuzzSeeds}).
 */
class ServerSessionJazzerTest {
  /** Generous for one input of a few KiB in memory; only a hang or a deadlock exceeds it. */
  private static final Duration HANG = Duration.ofSeconds(20);

  /** Small limits, so that inputs of a few KiB reach them. */
  private static final EngineConfig CONFIG =
      EngineConfig.builder()
          .maxMessageSize(64 * 1024)
          .maxChunkStreams(16)
          .maxGopBytes(64 * 1024)
          .maxStreamsPerConnection(4)
          .build();

  /**
   * Input: records of type id (1 byte), chunk stream selector (1: 2..63 below 250, then 64, 1064,
   * ... 6064 for the 2- and 3-byte forms), message stream id (1), timestamp (2), payload length (2)
   * and payload; each record is chunked by the production encoder and fed on its own.
   */
  @FuzzTest(maxDuration = "5m")
  void fuzzedMessagesAfterConnect(byte[] input) {
    assertTimeoutPreemptively(HANG, () -> run(messages(input)));
  }

  /** Input: the chunk stream after connect, cut into pieces of up to 512 bytes at fixed points. */
  @FuzzTest(maxDuration = "5m")
  void fuzzedBytesAfterConnect(byte[] input) {
    List<byte[]> pieces = new ArrayList<>();
    for (int from = 0; from < input.length; from += 512) {
      pieces.add(Arrays.copyOfRange(input, from, Math.min(input.length, from + 512)));
    }
    assertTimeoutPreemptively(HANG, () -> run(pieces));
  }

  /** The records of {@link #fuzzedMessagesAfterConnect} as chunk bytes, one array per message. */
  static List<byte[]> messages(byte[] input) {
    FuzzInput in = new FuzzInput(input);
    ChunkEncoder encoder = new ChunkEncoder();
    List<byte[]> out = new ArrayList<>();
    while (in.remaining() > 0) {
      int typeId = in.u8();
      int selector = in.u8();
      int chunkStreamId = selector < 250 ? 2 + selector % 62 : 64 + (selector - 250) * 1000;
      int streamId = in.u8();
      long timestamp = in.u16();
      byte[] payload = in.bytes(in.u16());
      RawMessage message = new RawMessage(chunkStreamId, typeId, streamId, timestamp, payload);
      out.add(encoder.encode(message));
      if (typeId == 1 && payload.length == 4) {
        int size = ByteBuffer.wrap(payload).getInt() & 0x7FFFFFFF;
        encoder.setChunkSize(Math.max(1, Math.min(size, 0xFFFFFF)));
      }
    }
    return out;
  }

  private static void run(List<byte[]> pieces) throws IOException {
    RtmpEngine engine = new RtmpEngine(CONFIG);
    try {
      RtmpScript<SessionLink> bystander = RtmpScript.start(SessionLink.open(engine));
      bystander.connectApp("live");
      bystander.play(bystander.createStream(), "fuzz");
      RtmpScript<SessionLink> fuzzed = RtmpScript.start(SessionLink.open(engine));
      assertEquals("_result", fuzzed.connectApp("live").name());
      ServerSession session = fuzzed.link().session();
      for (byte[] piece : pieces) {
        try {
          fuzzed.sendBytes(piece);
        } catch (RtmpProtocolException refused) {
          assertTrue(session.isClosed(), "refused but open: " + refused.getMessage());
          break;
        }
        drain(fuzzed);
        drain(bystander);
        assertFalse(bystander.link().session().isClosed(), "the bystander was closed");
        if (session.isClosed()) {
          break;
        }
      }
      fuzzed.close();
      assertTrue(session.isClosed());
      drain(bystander);
      assertEquals(1, engine.sessionCount(), "sessions left besides the bystander");
      for (LiveStream stream : engine.streams().streams()) {
        assertNull(stream.publisher(), "publisher left on " + stream.key());
      }
      bystander.close();
      assertEquals(0, engine.sessionCount(), "sessions left");
      assertEquals(List.of(), List.copyOf(engine.streams().streams()), "streams left");
    } finally {
      engine.closeAll("fuzz input done");
    }
  }

  /** Everything the server queued for the client, which must decode. */
  private static void drain(RtmpScript<SessionLink> client) throws IOException {
    for (RawMessage raw : client.receive()) {
      MessageCodec.decode(raw);
    }
  }
}
