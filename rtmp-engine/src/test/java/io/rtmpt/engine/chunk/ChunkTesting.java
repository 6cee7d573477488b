package io.rtmpt.engine.chunk;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the chunk tests. */
final class ChunkTesting {
  private ChunkTesting() {}

  static RawMessage message(
      int chunkStreamId, int typeId, int streamId, long timestamp, String payloadHex) {
    return new RawMessage(chunkStreamId, typeId, streamId, timestamp, Hex.decode(payloadHex));
  }

  /** A Set Chunk Size message as peers send it: chunk stream 2, message stream 0, timestamp 0. */
  static RawMessage setChunkSize(int size) {
    return new RawMessage(2, ChunkConstants.SET_CHUNK_SIZE, 0, 0, u32(size));
  }

  /** An Abort message for {@code chunkStreamId}: chunk stream 2, message stream 0, timestamp 0. */
  static RawMessage abort(int chunkStreamId) {
    return new RawMessage(2, ChunkConstants.ABORT, 0, 0, u32(chunkStreamId));
  }

  static byte[] u32(long value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  /** Bytes from, from + 1, ... to - 1 (mod 256) as hex. */
  static String counting(int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (from + i);
    }
    return Hex.encode(b);
  }

  /**
   * Encodes the messages as a caller of the encoder does: after each Set Chunk Size message on the
   * wire, the encoder switches to the new size.
   */
  static byte[] encodeAll(ChunkEncoder encoder, List<RawMessage> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RawMessage m : messages) {
      encoder.encode(m, out);
      followSetChunkSize(encoder, m);
    }
    return out.toByteArray();
  }

  static void followSetChunkSize(ChunkEncoder encoder, RawMessage m) {
    if (m.messageTypeId() == ChunkConstants.SET_CHUNK_SIZE) {
      ByteBuffer b = ByteBuffer.wrap(m.payload());
      encoder.setChunkSize(b.getInt());
    }
  }

  /** Feeds every piece in order and returns the messages; asserts each piece was fully consumed. */
  static List<RawMessage> decodeAll(ChunkDecoder decoder, List<ByteBuffer> pieces)
      throws RtmpProtocolException {
    List<RawMessage> out = new ArrayList<>();
    for (ByteBuffer piece : pieces) {
      ByteBuffer b = piece.duplicate();
      decoder.decode(b, out::add);
      if (b.hasRemaining()) {
        throw new AssertionError("decode left " + b.remaining() + " bytes unconsumed");
      }
    }
    return out;
  }
}
