package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The player's drop policy against a real {@link OutboundQueue}: frames are offered as a publisher
 * would ({@code onFrame}, then {@code wakeUp}) and what the player would receive is decoded from
 * the queue's bytes.
 */
class PlayStreamTest {
  private static final StreamKey KEY = new StreamKey("live", "cam");
  private static final int LIMIT = 1000;

  private final OutboundQueue out = new OutboundQueue();
  private final List<String> closeRequests = new ArrayList<>();
  private final List<Integer> dropReports = new ArrayList<>();
  private final PlayStream player =
      new PlayStream(
          1, KEY, LIMIT, false, out, new Responder(out), closeRequests::add, dropReports::add);
  private final ChunkDecoder client = new ChunkDecoder(ChunkLimits.defaults());

  private static MediaFrame keyframe(int size, long timestamp) {
    return MediaFrame.video(timestamp, body(size, 0x17, 1));
  }

  private static MediaFrame inter(int size, long timestamp) {
    return MediaFrame.video(timestamp, body(size, 0x27, 1));
  }

  private static MediaFrame audio(int size, long timestamp) {
    return MediaFrame.audio(timestamp, body(size, 0xAF, 1));
  }

  private static MediaFrame videoHeader(int size) {
    return MediaFrame.video(0, body(size, 0x17, 0));
  }

  private static byte[] body(int size, int first, int second) {
    byte[] b = new byte[size];
    b[0] = (byte) first;
    b[1] = (byte) second;
    return b;
  }

  /** Offers frames as the publisher's thread does: each under the lock, then one wake-up. */
  private void publish(MediaFrame... frames) {
    for (MediaFrame f : frames) {
      player.onFrame(f);
    }
    player.wakeUp();
  }

  /** Everything the queue holds, as the client receives it: (type, timestamp, size) triples. */
  private List<String> received() throws Exception {
    List<RawMessage> messages = new ArrayList<>();
    while (!out.isEmpty()) {
      client.decode(ByteBuffer.wrap(out.poll(1 << 20)), messages::add);
    }
    List<String> seen = new ArrayList<>();
    for (RawMessage m : messages) {
      seen.add(m.messageTypeId() + "@" + m.timestamp() + ":" + m.payload().length);
    }
    return seen;
  }

  @Test
  void aFrameThatDoesNotFitIsDroppedAndVideoResumesAtTheNextKeyframe() throws Exception {
    publish(keyframe(400, 0), inter(400, 40)); // 800 queued
    publish(inter(400, 80)); // 1200 would not fit: dropped, video waits for a keyframe
    publish(inter(100, 120), audio(100, 130)); // the inter frame fits but has no reference
    assertEquals(List.of(0, 1, 1), dropReports, "drops are reported at the wake-up after them");
    assertEquals(900, player.queuedBytes());
    assertEquals(List.of("9@0:400", "9@40:400", "8@130:100"), received());
    assertEquals(0, player.queuedBytes(), "sent bytes leave the player's account");

    publish(inter(100, 160), keyframe(400, 200), inter(100, 240));
    assertEquals(List.of("9@200:400", "9@240:100"), received());
    assertEquals(List.of(0, 1, 1, 1), dropReports);
    assertEquals(List.of(), closeRequests);
  }

  @Test
  void aKeyframeThatDoesNotFitIsDroppedToo() throws Exception {
    publish(keyframe(900, 0), keyframe(200, 40), inter(50, 80));
    assertEquals(List.of("9@0:900"), received());
    assertEquals(List.of(2), dropReports);
  }

  @Test
  void essentialFramesAreNeverDroppedAndTwiceTheLimitRequestsAClose() throws Exception {
    publish(audio(900, 0));
    publish(videoHeader(300)); // 1200: over the limit, within twice it
    publish(MediaFrame.data(10, body(500, 2, 0))); // 1700: metadata, still within
    assertEquals(List.of(), closeRequests);
    assertEquals(1700, player.queuedBytes());
    publish(videoHeader(301)); // 2001 would be over twice the limit
    assertEquals(List.of("player queue overflow (1700 bytes queued)"), closeRequests);
    assertEquals(1700, player.queuedBytes(), "the overflowing frame is not queued");
    assertEquals(List.of("8@0:900", "9@0:300", "18@10:500"), received());
  }

  @Test
  void aPausedPlayerGetsOnlyEssentialsAndResumesAtAKeyframe() throws Exception {
    publish(keyframe(100, 0));
    player.pause(true);
    publish(inter(100, 40), audio(50, 50), videoHeader(30));
    player.pause(false);
    publish(inter(100, 80), keyframe(100, 120));
    List<String> got = received();
    assertEquals("9@0:100", got.get(0));
    assertEquals(
        List.of("9@0:30", "9@120:100"),
        got.stream().filter(s -> s.startsWith("9@") || s.startsWith("8@")).skip(1).toList(),
        "while paused only the header; after it video starts at the keyframe: " + got);
    assertTrue(got.size() == 5, "and two onStatus (Pause.Notify, Unpause.Notify): " + got);
  }

  @Test
  void timestampsContinueWhenANewPublisherTakesOver() throws Exception {
    player.subscribed(null);
    publish(keyframe(10, 5000), inter(10, 5040));
    player.onUnpublish(KEY);
    player.onPublish(KEY); // a new publisher whose clock starts at 0
    publish(keyframe(10, 0), inter(10, 40));
    List<String> frames = received().stream().filter(s -> s.startsWith("9@")).toList();
    assertEquals(List.of("9@5000:10", "9@5040:10", "9@5041:10", "9@5081:10"), frames);
  }
}
