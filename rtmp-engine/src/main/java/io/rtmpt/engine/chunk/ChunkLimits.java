package io.rtmpt.engine.chunk;

/**
 * What a {@link ChunkDecoder} accepts from its peer; input beyond a limit is a protocol error.
 * These are the limits that bound the decoder's memory. The chunk size is not one of them: every
 * Set Chunk Size the specification allows (1..0x7FFFFFFF) is accepted, because the decoder never
 * allocates by chunk size.
 *
 * @param maxMessageSize largest message length a header may declare, in bytes (the wire allows
 *     0..16777215); checked at the header, before anything is allocated for the message
 * @param maxChunkStreams most distinct chunk stream ids per connection (the wire allows 65598, ids
 *     2..65599); each keeps its last header
 * @param maxPartialBytes most bytes the partly received messages of one connection may hold
 *     together (their arrays' sizes), at least {@code maxMessageSize}
 */
public record ChunkLimits(int maxMessageSize, int maxChunkStreams, long maxPartialBytes) {
  /**
   * 8 MiB: far above real messages (video frames of a 4-8 Mbit/s stream are tens of KB, keyframes
   * up to a few hundred KB; commands and metadata are tiny), yet half of what the 3-byte length
   * field allows (16 MiB - 1). gortmplib uses 10 MiB, nginx-rtmp 1 MB.
   */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

  /**
   * 64. Flash Player, ffmpeg, OBS and librtmp use fewer than ten chunk stream ids (2 for control,
   * then one or two per kind of traffic); each id keeps header state and possibly one partial
   * message, so this bounds the per-connection state a peer can make us hold. nginx-rtmp's {@code
   * max_streams} is 32 and counts ids, not distinct ones.
   */
  public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;

  /**
   * 16 MiB, twice the largest message: room for one message of the largest size plus the audio and
   * data messages a publisher interleaves with it. Without this bound the partial messages of one
   * connection could reach {@code maxChunkStreams} times {@code maxMessageSize} (512 MiB with the
   * defaults).
   */
  public static final long DEFAULT_MAX_PARTIAL_BYTES = 2L * DEFAULT_MAX_MESSAGE_SIZE;

  /**
   * Rejects limits that would refuse every input (sizes and counts below 1) and a partial-bytes
   * bound that a message of the largest size could not fit in.
   */
  public ChunkLimits {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is below 1");
    }
    if (maxChunkStreams < 1) {
      throw new IllegalArgumentException("maxChunkStreams " + maxChunkStreams + " is below 1");
    }
    if (maxPartialBytes < maxMessageSize) {
      throw new IllegalArgumentException(
          "maxPartialBytes " + maxPartialBytes + " is below maxMessageSize " + maxMessageSize);
    }
  }

  /** The named defaults above. */
  public static ChunkLimits defaults() {
    return new ChunkLimits(
        DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CHUNK_STREAMS, DEFAULT_MAX_PARTIAL_BYTES);
  }
}
