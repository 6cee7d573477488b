package io.rtmpt.engine.chunk;

/**
 * Wire constants of the chunk stream, named after the terms of the RTMP specification 1.0. Of the
 * message type ids it holds only the two the chunk layer acts on; the rest belong to the message
 * layer.
 */
public final class ChunkConstants {
  private ChunkConstants() {}

  /** Chunk size of both directions until a Set Chunk Size message changes it (section 5.4.1). */
  public static final int DEFAULT_CHUNK_SIZE = 128;

  /** Lowest chunk stream id; 0 and 1 in the first byte select the 2- and 3-byte basic headers. */
  public static final int MIN_CHUNK_STREAM_ID = 2;

  /** Highest chunk stream id: 64 + 0xFFFF, the 3-byte basic header. */
  public static final int MAX_CHUNK_STREAM_ID = 65599;

  /** Highest chunk stream id of the 1-byte basic header. */
  public static final int MAX_ONE_BYTE_CHUNK_STREAM_ID = 63;

  /** Highest chunk stream id of the 2-byte basic header (64 + 0xFF). */
  public static final int MAX_TWO_BYTE_CHUNK_STREAM_ID = 319;

  /**
   * 0xFFFFFF: largest value of the 3-byte timestamp (or delta) field and, at the same time, the
   * marker that the real value follows as a 4-byte extended timestamp. Values of 0xFFFFFF and above
   * are therefore always sent as extended timestamps.
   */
  public static final int MAX_TIMESTAMP = 0xFFFFFF;

  /** Largest message length the 3-byte message length field can carry. */
  public static final int MAX_MESSAGE_LENGTH = 0xFFFFFF;

  /**
   * Largest chunk size the encoder uses. Set Chunk Size carries 31 bits, but sizes above 0xFFFFFF
   * are all equivalent because no message is longer than that.
   */
  public static final int MAX_CHUNK_SIZE = 0xFFFFFF;

  /**
   * Message type id of Set Chunk Size (protocol control message 1): the payload's 31 low bits are
   * the sender's new chunk size. The chunk layer acts on it itself (the next chunk already uses the
   * new size), which is why its id is here; {@code io.rtmpt.engine.message.MessageType} owns every
   * type id and refers to this one.
   */
  public static final int SET_CHUNK_SIZE = 1;

  /**
   * Message type id of Abort (protocol control message 2): the payload (u32) names a chunk stream
   * whose partly received message the chunk layer drops. Here for the same reason as {@link
   * #SET_CHUNK_SIZE}.
   */
  public static final int ABORT = 2;
}
