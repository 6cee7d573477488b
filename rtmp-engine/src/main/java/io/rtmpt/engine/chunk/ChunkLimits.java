package io.rtmpt.engine.chunk;

/**
 * What a {@link ChunkDecoder} accepts from its peer; input beyond a limit is a protocol error.
 *
 * @param maxMessageSize largest message length a header may declare, in bytes; checked at the
 *     header, before anything is allocated for the message
 * @param maxChunkSize largest chunk size a Set Chunk Size message may select
 * @param maxChunkStreams most distinct chunk stream ids per connection
 */
public record ChunkLimits(int maxMessageSize, int maxChunkSize, int maxChunkStreams) {
  /**
   * 8 MiB: far above real messages (video frames of a 4-8 Mbit/s stream are tens of KB, keyframes
   * up to a few hundred KB; commands and metadata are tiny), yet half of what the 3-byte length
   * field allows (16 MiB - 1). gortmplib uses 10 MiB, nginx-rtmp 1 MB.
   */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

  /**
   * 16 MiB. The wire allows up to 0x7FFFFFFF, but the spec notes that every size above 0xFFFFFF
   * behaves the same (no message is longer than 0xFFFFFF bytes), so this limit loses no valid
   * behaviour; it only refuses absurd values. The decoder does not allocate by chunk size.
   */
  public static final int DEFAULT_MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /**
   * 64. Flash Player, ffmpeg, OBS and librtmp use fewer than ten chunk stream ids (2 for control,
   * then one or two per kind of traffic); each id keeps header state and possibly one partial
   * message, so this bounds the per-connection state a peer can make us hold.
   */
  public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;

  /** Rejects limits that would refuse every input: sizes and counts must be at least 1. */
  public ChunkLimits {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is below 1");
    }
    if (maxChunkSize < 1) {
      throw new IllegalArgumentException("maxChunkSize " + maxChunkSize + " is below 1");
    }
    if (maxChunkStreams < 1) {
      throw new IllegalArgumentException("maxChunkStreams " + maxChunkStreams + " is below 1");
    }
  }

  /** The named defaults above. */
  public static ChunkLimits defaults() {
    return new ChunkLimits(
        DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CHUNK_SIZE, DEFAULT_MAX_CHUNK_STREAMS);
  }
}
