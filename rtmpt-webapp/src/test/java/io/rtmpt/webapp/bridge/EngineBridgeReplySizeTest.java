package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.AudioData;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.TunnelLink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code rtmpt.max-reply-bytes} through a real tunnel to the in-process engine: a reply carries at
 * most that many tunnelled bytes, in whole messages, except that one message larger than the limit
 * goes alone. A player polls a queue holding small audio frames around a keyframe four times the
 * limit; every reply is checked with a decoder of its own as it arrives.
 */
class EngineBridgeReplySizeTest {
  private static final int MAX_REPLY_BYTES = 16 * 1024;
  private static final int HANDSHAKE_BYTES = 1 + 1536 + 1536;

  /** One reply as seen by the checking decoder. */
  private record Reply(int bytes, int messages, boolean wholeMessages) {}

  @Test
  void everyReplyHoldsAtMostTheLimitOrOneLargerMessageAloneAndTheKeyframeArrivesIntact()
      throws Exception {
    try (EmbeddedWebapp webapp =
        EmbeddedWebapp.start(Map.of("rtmpt.max-reply-bytes", String.valueOf(MAX_REPLY_BYTES)))) {
      RtmpScript<TunnelLink> publisher = TunnelLink.connect(webapp.httpBase());
      publisher.connectApp("live");
      int pub = publisher.createStream();
      assertEquals("NetStream.Publish.Start", RtmpScript.statusCode(publisher.publish(pub, "big")));

      List<Reply> replies = new ArrayList<>();
      TunnelLink playerTunnel = TunnelLink.open(webapp.httpBase());
      playerTunnel.onReply(new ReplyChecker(replies));
      RtmpScript<TunnelLink> player = RtmpScript.start(playerTunnel);
      player.connectApp("live");
      player.play(player.createStream(), "big");

      byte[] keyframe = new byte[4 * MAX_REPLY_BYTES];
      new Random(7).nextBytes(keyframe);
      keyframe[0] = 0x17; // AVC keyframe
      keyframe[1] = 0x01; // NAL units
      publisher.send(new SetChunkSize(4096), 2, 0, 0);
      publisher.send(new VideoData(new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F}), 6, pub, 0);
      for (int i = 0; i < 40; i++) { // about 20 KB of audio queued before the keyframe
        publisher.send(new AudioData(aac(500, i)), 4, pub, i);
      }
      publisher.send(new VideoData(keyframe), 6, pub, 40);
      for (int i = 40; i < 50; i++) {
        publisher.send(new AudioData(aac(500, i)), 4, pub, 40 + i);
      }

      byte[] received = null;
      int audio = 0;
      while (audio < 50) {
        RawMessage m = player.next(Duration.ofSeconds(10));
        assertNotNull(m, "the player got " + audio + " audio frames, keyframe " + received);
        if (m.messageTypeId() == 9 && m.payload().length == keyframe.length) {
          received = m.payload();
        } else if (m.messageTypeId() == 8) {
          audio++;
        }
      }
      assertNotNull(received, "the keyframe arrived");
      assertArrayEquals(keyframe, received, "the keyframe arrived intact");

      int oversized = 0;
      for (Reply reply : replies) {
        assertTrue(reply.wholeMessages(), "a reply ends between messages: " + replies);
        if (reply.bytes() > MAX_REPLY_BYTES) {
          oversized++;
          assertEquals(1, reply.messages(), "a reply over the limit holds one message: " + reply);
        }
      }
      assertEquals(1, oversized, "only the keyframe's reply exceeds the limit: " + replies);
      assertTrue(
          replies.stream().anyMatch(r -> r.bytes() > MAX_REPLY_BYTES / 2 && r.messages() > 1),
          "replies fill up with small messages below the limit: " + replies);
    }
  }

  private static byte[] aac(int size, int seed) {
    byte[] frame = new byte[size];
    new Random(seed).nextBytes(frame);
    frame[0] = (byte) 0xAF; // AAC
    frame[1] = 0x01; // raw frame
    return frame;
  }

  /** Decodes the player's tunnelled bytes reply by reply, after the handshake. */
  private static final class ReplyChecker implements Consumer<byte[]> {
    private final List<Reply> replies;
    private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    private long seen;

    ReplyChecker(List<Reply> replies) {
      this.replies = replies;
    }

    @Override
    public void accept(byte[] body) {
      int skip = (int) Math.max(0, Math.min(body.length, HANDSHAKE_BYTES - seen));
      seen += body.length;
      if (body.length == 0 || skip == body.length) {
        return;
      }
      int[] messages = new int[1];
      try {
        decoder.decode(ByteBuffer.wrap(body, skip, body.length - skip), m -> messages[0]++);
      } catch (RtmpProtocolException e) {
        throw new AssertionError(e);
      }
      replies.add(new Reply(body.length, messages[0], decoder.isIdle()));
    }
  }
}
