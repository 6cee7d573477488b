package io.rtmpt.engine.chunk;

/** Wire constants of the chunk stream, named after the terms of the RTMP specification 1.0. */
public final class ChunkConstants {
  private ChunkConstants() {}

  /** Chunk size of both directions until a Set Chunk Size message changes it (section 5.4.1). */
  public static final int DEFAULT_CHUNK_SIZE = 128;

  /** Protocol control messages (types 1..6) travel on chunk stream 2 with message stream id 0. */
  public static final int PROTOCOL_CONTROL_CHUNK_STREAM_ID = 2;

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

  /** Protocol control: the payload's 31 low bits are the sender's new chunk size. */
  public static final int SET_CHUNK_SIZE = 1;

  /** Protocol control: the payload (u32) names a chunk stream whose partial message is dropped. */
  public static final int ABORT = 2;

  /** Protocol control: sequence number, bytes received so far. */
  public static final int ACKNOWLEDGEMENT = 3;

  /** User control message (stream begin, ping, ...). */
  public static final int USER_CONTROL = 4;

  /** Protocol control: window acknowledgement size. */
  public static final int WINDOW_ACKNOWLEDGEMENT_SIZE = 5;

  /** Protocol control: set peer bandwidth. */
  public static final int SET_PEER_BANDWIDTH = 6;

  /** Audio data. */
  public static final int AUDIO = 8;

  /** Video data. */
  public static final int VIDEO = 9;

  /** Data message (metadata), AMF3. */
  public static final int DATA_AMF3 = 15;

  /** Shared object message, AMF3. */
  public static final int SHARED_OBJECT_AMF3 = 16;

  /** Command message, AMF3. */
  public static final int COMMAND_AMF3 = 17;

  /** Data message (metadata such as onMetaData), AMF0. */
  public static final int DATA_AMF0 = 18;

  /** Shared object message, AMF0. */
  public static final int SHARED_OBJECT_AMF0 = 19;

  /** Command message (connect, publish, ...), AMF0. */
  public static final int COMMAND_AMF0 = 20;

  /** Aggregate message: a sequence of FLV-like tags. */
  public static final int AGGREGATE = 22;
}
