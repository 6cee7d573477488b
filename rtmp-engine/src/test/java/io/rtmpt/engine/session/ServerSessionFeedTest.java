package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.handshake.ClientHandshake;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamSnapshot;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.testing.FeedStrategy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole input of a session (handshake, chunks of AMF0 and AMF3 commands and data, a chunk size
 * change, media) fed whole, one byte at a time and split at every position: the replies and the
 * published stream come out the same every time. This is where the AMF readers meet input that
 * arrives in pieces: the chunk layer reassembles, the AMF layer decodes.
 */
class ServerSessionFeedTest {
  private static final byte[] INPUT = clientBytes();
  private static final Outcome EXPECTED = run(List.of(ByteBuffer.wrap(INPUT.clone())));

  @ParameterizedTest
  @EnumSource(FeedStrategy.class)
  void everyCuttingOfTheInputGivesTheSameRepliesAndStream(FeedStrategy strategy) {
    assertEquals(8, EXPECTED.replies().size(), EXPECTED.replies().toString());
    assertEquals(640.0, EXPECTED.stream().width(), "AMF3 @setDataFrame metadata was read");
    assertEquals("h264", EXPECTED.stream().videoCodec());
    assertEquals(3, EXPECTED.stream().frames(), "metadata, sequence header, keyframe");
    for (List<ByteBuffer> pieces : strategy.cuts(INPUT)) {
      Outcome outcome = run(pieces);
      assertEquals(EXPECTED, outcome, strategy + " with " + pieces.size() + " pieces");
    }
  }

  private record Outcome(List<String> replies, StreamSnapshot stream) {}

  private static Outcome run(List<ByteBuffer> pieces) {
    try {
      RtmpEngine engine = new RtmpEngine(EngineConfig.defaults());
      ServerSession session = engine.openSession(Transport.RTMP, "127.0.0.1:1", () -> {});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (ByteBuffer piece : pieces) {
        session.onBytes(piece);
        assertFalse(piece.hasRemaining(), "every byte consumed");
        out.write(session.pollOutbound(1 << 20));
      }
      assertFalse(session.isClosed(), "session open after the input: " + session.closeReason());
      byte[] bytes = out.toByteArray();
      // S0 S1 S2 (1 + 1536 + 1536 bytes), then chunks
      List<RawMessage> raw = new ArrayList<>();
      new ChunkDecoder(ChunkLimits.defaults())
          .decode(ByteBuffer.wrap(bytes, 3073, bytes.length - 3073), raw::add);
      List<String> replies = new ArrayList<>();
      for (RawMessage m : raw) {
        RtmpMessage decoded = MessageCodec.decode(m);
        replies.add(m.chunkStreamId() + "/" + m.messageStreamId() + " " + decoded);
      }
      StreamSnapshot snapshot = engine.streams().get(new StreamKey("live", "feed")).snapshot();
      return new Outcome(
          replies,
          new StreamSnapshot(
              snapshot.app(),
              snapshot.name(),
              snapshot.publisher(),
              0,
              snapshot.videoCodec(),
              snapshot.audioCodec(),
              snapshot.width(),
              snapshot.height(),
              snapshot.frameRate(),
              0,
              snapshot.bytesIn(),
              snapshot.frames(),
              snapshot.players(),
              snapshot.cachedFrames()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] clientBytes() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(new ClientHandshake(true).start());
      byte[] c2 = new byte[1536];
      Arrays.fill(c2, (byte) 0x5A);
      out.write(c2);
      ChunkEncoder encoder = new ChunkEncoder();
      out.write(
          encoder.encode(
              MessageCodec.toRaw(
                  CommandMessage.of(
                      "connect",
                      1,
                      AmfObject.of(
                          "app",
                          "live",
                          "type",
                          "nonprivate",
                          "flashVer",
                          "FMLE/3.0 (compatible; FMSc/1.0)",
                          "tcUrl",
                          "rtmp://127.0.0.1/live",
                          "objectEncoding",
                          3.0)),
                  3,
                  0,
                  0)));
      out.write(encoder.encode(MessageCodec.toRaw(new SetChunkSize(100), 2, 0, 0)));
      encoder.setChunkSize(100);
      out.write(
          encoder.encode(MessageCodec.toRaw(CommandMessage.of("createStream", 2, null), 3, 0, 0)));
      // An AMF3 command message whose argument switches to AMF3 (a ByteArray).
      out.write(
          encoder.encode(
              MessageCodec.toRaw(
                  new CommandMessage(
                      "noSuchCommand", 3, null, List.of(new byte[] {1, 2, 3}, "x"), true),
                  3,
                  0,
                  0)));
      out.write(
          encoder.encode(
              MessageCodec.toRaw(CommandMessage.of("publish", 4, null, "feed", "live"), 3, 1, 0)));
      AmfEcmaArray metadata = new AmfEcmaArray();
      metadata.put("width", 640.0);
      metadata.put("height", 360.0);
      metadata.put("framerate", 30.0);
      metadata.put("encoder", "Lavf59.27.100");
      out.write(
          encoder.encode(
              MessageCodec.toRaw(
                  new DataMessage(List.of("@setDataFrame", "onMetaData", metadata), true),
                  4,
                  1,
                  0)));
      out.write(encoder.encode(MessageCodec.toRaw(new VideoData(Media.avcHeader()), 7, 1, 0)));
      out.write(encoder.encode(MessageCodec.toRaw(new VideoData(Media.keyframe(700)), 7, 1, 0)));
      return out.toByteArray();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
