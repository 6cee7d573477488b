package io.rtmpt.engine.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FuzzInput;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer target for {@link ChunkDecoder}: any bytes, cut anywhere, give well-formed messages or an
 * {@link RtmpProtocolException} (after which the decoder refuses more input), within an allocation
 * bound that the limits and the input justify; and what decodes is re-encoded by {@link
 * ChunkEncoder} and decodes again to the same messages. Regression inputs: {@code
 * src/test/resources/io/rtmpt/engine/chunk/ChunkDecoderJazzerTestInputs/} (seeds: the chunk streams
 * ffmpeg and rtmpdump sent, written by {@code FuzzSeeds}); the seeded random test beside it is
 * {@link ChunkDecoderFuzzTest}.
 */
class ChunkDecoderJazzerTest {
  /** Limits tight enough that short inputs reach every limit check. */
  private static final ChunkLimits TIGHT = new ChunkLimits(4096, 4, 4096);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * Input: one byte (bit 0: tight limits; the rest: how the bytes are cut, see {@link
   * FuzzInput#pieces}), then the chunk stream.
   */
  @FuzzTest(maxDuration = "5m")
  void anyBytesGiveMessagesOrAProtocolError(byte[] input) throws RtmpProtocolException {
    FuzzInput in = new FuzzInput(input);
    int control = in.u8();
    ChunkLimits limits = (control & 1) == 0 ? ChunkLimits.defaults() : TIGHT;
    byte[] stream = in.rest();
    List<ByteBuffer> pieces = FuzzInput.pieces(stream, control >> 1);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    Outcome outcome = decode(pieces, limits);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    if (allocated > bound(outcome, limits)) {
      // The first run of a path also pays for class loading and JIT: measure a second one.
      before = THREADS.getCurrentThreadAllocatedBytes();
      decode(FuzzInput.pieces(stream, control >> 1), limits);
      long again = THREADS.getCurrentThreadAllocatedBytes() - before;
      assertTrue(
          again <= bound(outcome, limits),
          () -> "decoding " + stream.length + " bytes allocated " + again + " bytes");
    }
    for (RawMessage m : outcome.messages) {
      assertTrue(m.chunkStreamId() >= 2 && m.chunkStreamId() <= 65599, m::toString);
      assertTrue(m.messageTypeId() >= 0 && m.messageTypeId() <= 255, m::toString);
      assertTrue(m.timestamp() >= 0 && m.timestamp() <= 0xFFFFFFFFL, m::toString);
      assertTrue(m.payload().length <= limits.maxMessageSize(), m::toString);
    }
    if (outcome.error == null) {
      assertEquals(stream.length, outcome.decoder.bytesRead());
    }
    assertEquals(outcome.messages, reencodeAndDecode(outcome.messages, limits), "round trip");
  }

  private record Outcome(ChunkDecoder decoder, List<RawMessage> messages, String error) {}

  private static Outcome decode(List<ByteBuffer> pieces, ChunkLimits limits) {
    ChunkDecoder decoder = new ChunkDecoder(limits);
    List<RawMessage> out = new ArrayList<>();
    for (ByteBuffer piece : pieces) {
      ByteBuffer buffer = piece.duplicate();
      try {
        decoder.decode(buffer, out::add);
      } catch (RtmpProtocolException e) {
        assertThrows(
            IllegalStateException.class, () -> decoder.decode(ByteBuffer.allocate(1), m -> {}));
        return new Outcome(decoder, out, e.getMessage());
      }
      assertEquals(0, buffer.remaining(), "decode left bytes in the buffer");
    }
    return new Outcome(decoder, out, null);
  }

  /** What the existing seeded test allows: a base, the payloads and per-stream arrays. */
  private static long bound(Outcome outcome, ChunkLimits limits) {
    long payload = 0;
    int aborts = 0;
    for (RawMessage m : outcome.messages) {
      payload += m.payload().length;
      aborts += m.messageTypeId() == ChunkConstants.ABORT ? 1 : 0;
    }
    return 32 * 1024
        + 3 * payload
        + 128L * outcome.messages.size()
        + ChunkStreamState.ALLOCATE_UP_FRONT_LIMIT * (long) (aborts + limits.maxChunkStreams());
  }

  /** The messages through a fresh encoder (following Set Chunk Size) and a fresh decoder. */
  private static List<RawMessage> reencodeAndDecode(List<RawMessage> messages, ChunkLimits limits)
      throws RtmpProtocolException {
    ChunkEncoder encoder = new ChunkEncoder();
    ChunkDecoder decoder = new ChunkDecoder(limits);
    List<RawMessage> out = new ArrayList<>();
    for (RawMessage m : messages) {
      decoder.decode(ByteBuffer.wrap(encoder.encode(m)), out::add);
      if (m.messageTypeId() == ChunkConstants.SET_CHUNK_SIZE) {
        encoder.setChunkSize(Math.min(decoder.chunkSize(), ChunkConstants.MAX_CHUNK_SIZE));
      }
    }
    return out;
  }
}
