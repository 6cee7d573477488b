package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.SetChunkSize;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reply-size rule: a poll returns at most {@code maxBytes}, stopping before a message that
 * would cross the limit, unless nothing was taken yet; whole messages only, in order.
 */
class OutboundQueueTest {
  private final OutboundQueue queue = new OutboundQueue();
  private final ChunkDecoder client = new ChunkDecoder(ChunkLimits.defaults());

  private static RawMessage audio(int size, long timestamp) {
    byte[] payload = new byte[size];
    payload[0] = (byte) 0xAF;
    payload[size - 1] = (byte) size;
    return new RawMessage(ChunkStreams.AUDIO, 8, 1, timestamp, payload);
  }

  /** Polls once and decodes the bytes; fails unless they end between messages. */
  private List<RawMessage> poll(int maxBytes, List<Integer> sizes) throws Exception {
    byte[] bytes = queue.poll(maxBytes);
    sizes.add(bytes.length);
    List<RawMessage> messages = new ArrayList<>();
    client.decode(ByteBuffer.wrap(bytes), messages::add);
    assertTrue(client.isIdle(), "a poll ends between messages");
    return messages;
  }

  @Test
  void aPollStopsBeforeTheMessageThatWouldCrossTheLimit() throws Exception {
    for (int i = 0; i < 10; i++) {
      queue.add(audio(100, i));
    }
    List<Integer> sizes = new ArrayList<>();
    List<RawMessage> first = poll(350, sizes);
    // headers: type 0 (12 bytes), type 2 (4: the delta changed from 0 to 1), then type 3 (1)
    assertEquals(3, first.size(), "112 + 104 + 101 = 317; a fourth would make 418");
    assertEquals(317, sizes.get(0));
    List<RawMessage> all = new ArrayList<>(first);
    while (!queue.isEmpty()) {
      all.addAll(poll(350, sizes));
    }
    for (int size : sizes) {
      assertTrue(size <= 350, "every poll within the limit: " + sizes);
    }
    assertEquals(10, all.size());
    for (int i = 0; i < 10; i++) {
      assertEquals(audio(100, i), all.get(i), "in order, whole");
    }
  }

  @Test
  void aMessageLargerThanTheLimitGoesAloneAndWhole() throws Exception {
    queue.add(audio(50, 0));
    queue.add(audio(1000, 10));
    queue.add(audio(50, 20));
    List<Integer> sizes = new ArrayList<>();
    assertEquals(List.of(audio(50, 0)), poll(200, sizes), "stops before the large one");
    assertEquals(List.of(audio(1000, 10)), poll(200, sizes), "the large one alone");
    assertEquals(List.of(audio(50, 20)), poll(200, sizes));
    assertTrue(sizes.get(1) > 1000, "whole: " + sizes);
    assertEquals(0, queue.poll(200).length, "empty once drained");
  }

  @Test
  void rawHandshakeBytesCountAsOneEntry() throws Exception {
    byte[] handshake = new byte[3073];
    queue.addRaw(handshake);
    queue.add(audio(100, 0));
    assertEquals(3073, queue.poll(1000).length, "larger than the limit: alone");
    assertEquals(112, queue.poll(1000).length);
  }

  @Test
  void aChunkSizeChangeIsEncodedWithTheOldSizeAndAppliesToWhatFollows() throws Exception {
    RawMessage setChunkSize =
        MessageCodec.toRaw(new SetChunkSize(4096), ChunkStreams.CONTROL, 0, 0);
    queue.addChunkSizeChange(setChunkSize, 4096);
    queue.add(audio(1000, 0));
    List<Integer> sizes = new ArrayList<>();
    List<RawMessage> messages = poll(1 << 20, sizes);
    assertEquals(List.of(setChunkSize, audio(1000, 0)), messages);
    assertEquals(16 + 12 + 1000, sizes.get(0), "one 1000-byte chunk: no continuation headers");
  }

  @Test
  void pollWithHeadroomEncodesBehindTheFreeBytesWithTheSameBytesAsWithout() throws Exception {
    OutboundQueue plain = new OutboundQueue();
    for (int i = 0; i < 3; i++) {
      queue.add(audio(300, 10L * i));
      plain.add(audio(300, 10L * i));
    }
    queue.addRaw(new byte[] {1, 2, 3});
    plain.addRaw(new byte[] {1, 2, 3});

    ByteBuffer polled = queue.poll(10_000, 1);
    byte[] expected = plain.poll(10_000);

    assertEquals(0, polled.arrayOffset());
    assertEquals(1, polled.position());
    byte[] got = new byte[polled.remaining()];
    polled.duplicate().get(got);
    assertArrayEquals(expected, got);
    ByteBuffer empty = queue.poll(10_000, 1);
    assertEquals(1, empty.position());
    assertEquals(1, empty.limit());
  }
}
