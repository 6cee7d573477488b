package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkConstants.ABORT;
import static io.rtmpt.engine.chunk.ChunkConstants.DEFAULT_CHUNK_SIZE;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_CHUNK_STREAM_ID;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_TIMESTAMP;
import static io.rtmpt.engine.chunk.ChunkConstants.SET_CHUNK_SIZE;

import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Push parser for the inbound chunk stream of one connection: bytes in, complete {@link
 * RawMessage}s out, in the order their last chunk arrived.
 *
 * <p>Wire facts it relies on (RTMP specification 1.0, section 5.3; see {@code package-info}):
 *
 * <ul>
 *   <li>Basic header: {@code fmt} in the top two bits; chunk stream id 2..63 in the low six bits,
 *       or 0 then one byte (id 64..319), or 1 then two bytes little-endian (id 64..65599).
 *   <li>A type 0 header carries the absolute timestamp; types 1 and 2 carry a delta that is added
 *       modulo 2^32. A type 3 chunk continuing a message carries nothing; a type 3 chunk starting a
 *       new message repeats the previous delta, and after a type 0 header that "delta" is the type
 *       0 header's timestamp (spec 5.3.1.2.4, as ffmpeg's {@code rtmp_packet_read_one_chunk}).
 *   <li>A 24-bit field of 0xFFFFFF means a 4-byte extended timestamp follows the message header.
 *       Type 3 chunks carry the extended field again whenever the last header of their chunk stream
 *       had one, both on continuations (value ignored) and on a new message (value is the delta),
 *       as ffmpeg reads and writes it.
 *   <li>Set Chunk Size and Abort are applied here, right after they complete, so that the next
 *       chunk of the same buffer already uses the new size; they are still passed to the sink.
 * </ul>
 *
 * <p>Choices where the spec is silent: a type 0, 1 or 2 header on a chunk stream whose message is
 * incomplete is an error (the spec starts a new message only after the previous one completed, so
 * such input means the peer lost framing); type 1, 2 or 3 before any type 0 header is an error.
 * After any error the decoder is {@code FAILED} and refuses input with {@link
 * IllegalStateException}.
 *
 * <p>Chunk size: every Set Chunk Size the specification allows, 1..0x7FFFFFFF, is accepted; sizes
 * above 0xFFFFFF all behave the same (spec 5.4.1: no message is longer), and nothing is allocated
 * by chunk size. A size with the reserved high bit set is an error.
 *
 * <p>Memory: a message length is checked against {@link ChunkLimits#maxMessageSize()} at its
 * header; payloads are allocated at most {@value ChunkStreamState#ALLOCATE_UP_FRONT_LIMIT} bytes up
 * front and grow as data arrives, and the arrays of all partial messages together never exceed
 * {@link ChunkLimits#maxPartialBytes()} (checked before each allocation). Every payload byte is
 * copied once, from the input straight into the message's array (larger messages also when their
 * array grows); header fields are read in place unless a buffer ends inside them.
 *
 * <p>Not thread-safe: one decoder per connection, used by one thread at a time.
 */
public final class ChunkDecoder {
  /**
   * Where the decoder is within the current chunk. Each state returns when the input ends early and
   * keeps what it has read so far in fields; the next {@code decode} call resumes there.
   *
   * <pre>
   *   BASIC_HEADER --- fmt 0, 1, 2 ---------------&gt; MESSAGE_HEADER
   *     |     |                                        |        |
   *     |     | fmt 3, and the last header of this     |        | timestamp field 0xFFFFFF
   *     |     | chunk stream had an extended timestamp |        v
   *     |     +-------------------------------------------&gt; EXTENDED_TIMESTAMP
   *     |                                              |        |
   *     | fmt 3                     timestamp field    |        |
   *     v                           below 0xFFFFFF     v        v
   *   PAYLOAD &lt;----------------------------------------+--------+
   *     |
   *     +-- chunk data complete (message emitted if it was the last chunk) --&gt; BASIC_HEADER
   *
   *   zero-length message: emitted at the end of its header, straight back to BASIC_HEADER
   *   any state -- protocol error --&gt; FAILED (terminal: decode() throws IllegalStateException)
   * </pre>
   */
  private enum State {
    BASIC_HEADER,
    MESSAGE_HEADER,
    EXTENDED_TIMESTAMP,
    PAYLOAD,
    FAILED
  }

  private static final byte[] EMPTY = new byte[0];

  /** Message header length by fmt. */
  private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

  /** Chunk stream ids below this are kept in an array, the rest in a map. */
  private static final int ARRAY_STREAMS = 64;

  private final ChunkLimits limits;
  private final ChunkStreamState[] arrayStreams = new ChunkStreamState[ARRAY_STREAMS];
  private Map<Integer, ChunkStreamState> mapStreams;
  private int streamCount;

  /** A header field split across two buffers: its first bytes, until the field is complete. */
  private final ByteBuffer partialField = ByteBuffer.allocate(11);

  private State state = State.BASIC_HEADER;
  private String failure;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long bytesRead;

  /** Array bytes held by partial messages of every chunk stream, at most maxPartialBytes. */
  private long partialBytes;

  /** fmt of the current chunk's basic header, 0..3. */
  private int format;

  /** Chunk stream of the current chunk. */
  private ChunkStreamState stream;

  /** Payload bytes of the current chunk still to come. */
  private int chunkRemaining;

  public ChunkDecoder(ChunkLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decodes all complete chunks in {@code in}, consuming everything (a partial chunk is kept in
   * fields), and hands each complete message to {@code sink} in order. If the sink throws, the
   * exception propagates with {@code in} positioned just after that message, and the decoder stays
   * usable.
   *
   * @throws RtmpProtocolException on a protocol violation; the decoder is then {@code FAILED}
   * @throws IllegalStateException if the decoder failed earlier
   */
  public void decode(ByteBuffer in, Consumer<RawMessage> sink) throws RtmpProtocolException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sink, "sink");
    if (state == State.FAILED) {
      throw new IllegalStateException("chunk decoder is FAILED: " + failure);
    }
    int start = in.position();
    try {
      while (in.hasRemaining()) {
        switch (state) {
          case BASIC_HEADER -> readBasicHeader(in, sink);
          case MESSAGE_HEADER -> readMessageHeader(in, sink);
          case EXTENDED_TIMESTAMP -> readExtendedTimestamp(in, sink);
          case PAYLOAD -> readPayload(in, sink);
          default -> throw new AssertionError(state);
        }
      }
    } finally {
      bytesRead += in.position() - start;
    }
  }

  /** Chunk size of the inbound direction, as last set by the peer (initially 128). */
  public int chunkSize() {
    return chunkSize;
  }

  /** Bytes the arrays of partly received messages hold now, at most {@code maxPartialBytes}. */
  public long partialBytes() {
    return partialBytes;
  }

  /** Total bytes consumed, for Acknowledgement windows. */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * True between chunks with no partial message on any chunk stream: nothing of the input is left
   * over (what a test asserts after a conversation).
   */
  public boolean isIdle() {
    if (state != State.BASIC_HEADER || partialField.position() != 0) {
      return false;
    }
    for (ChunkStreamState s : arrayStreams) {
      if (s != null && s.received > 0) {
        return false;
      }
    }
    return mapStreams == null || mapStreams.values().stream().allMatch(s -> s.received == 0);
  }

  @Override
  public String toString() {
    return "ChunkDecoder[state="
        + state
        + ", chunkSize="
        + chunkSize
        + ", chunkStreams="
        + streamCount
        + ", bytesRead="
        + bytesRead
        + "]";
  }

  private void readBasicHeader(ByteBuffer in, Consumer<RawMessage> sink)
      throws RtmpProtocolException {
    int first = (partialField.position() > 0 ? partialField.get(0) : in.get(in.position())) & 0xFF;
    int low = first & 0x3F;
    ByteBuffer b = take(in, low == 0 ? 2 : low == 1 ? 3 : 1);
    if (b == null) {
      return;
    }
    b.get();
    int chunkStreamId = low;
    if (low == 0) {
      chunkStreamId = 64 + (b.get() & 0xFF);
    } else if (low == 1) {
      int second = b.get() & 0xFF;
      int third = b.get() & 0xFF;
      chunkStreamId = 64 + second + (third << 8);
    }
    partialField.clear();
    format = first >>> 6;
    stream = chunkStream(chunkStreamId);
    if (format < 3) {
      state = State.MESSAGE_HEADER;
    } else if (stream.extendedTimestamp) {
      state = State.EXTENDED_TIMESTAMP;
    } else {
      startChunk(stream.timestampDelta, sink);
    }
  }

  /** The state of {@code id}, created on its first type 0 header; checks fmt against it. */
  private ChunkStreamState chunkStream(int id) throws RtmpProtocolException {
    ChunkStreamState s =
        id < ARRAY_STREAMS ? arrayStreams[id] : mapStreams == null ? null : mapStreams.get(id);
    if (s == null) {
      if (format != 0) {
        throw fail("chunk stream " + id + ": type " + format + " header before any type 0 header");
      }
      if (streamCount == limits.maxChunkStreams()) {
        throw fail("more than " + limits.maxChunkStreams() + " chunk streams");
      }
      s = new ChunkStreamState(id);
      streamCount++;
      if (id < ARRAY_STREAMS) {
        arrayStreams[id] = s;
      } else {
        if (mapStreams == null) {
          mapStreams = new HashMap<>();
        }
        mapStreams.put(id, s);
      }
    } else if (format != 3 && s.received > 0) {
      throw fail(
          "chunk stream "
              + id
              + ": type "
              + format
              + " header before the previous message"
              + " is complete ("
              + s.received
              + " of "
              + s.messageLength
              + " bytes)");
    }
    return s;
  }

  private void readMessageHeader(ByteBuffer in, Consumer<RawMessage> sink)
      throws RtmpProtocolException {
    ByteBuffer b = take(in, MESSAGE_HEADER_LENGTH[format]);
    if (b == null) {
      return;
    }
    long timestampField = Bytes.u24(b);
    if (format <= 1) {
      int length = Bytes.u24(b);
      int typeId = b.get() & 0xFF;
      if (format == 0) {
        int b0 = b.get() & 0xFF;
        int b1 = b.get() & 0xFF;
        int b2 = b.get() & 0xFF;
        int b3 = b.get() & 0xFF;
        stream.messageStreamId = b0 | b1 << 8 | b2 << 16 | b3 << 24;
      }
      if (length > limits.maxMessageSize()) {
        throw fail("message length " + length + " exceeds limit " + limits.maxMessageSize());
      }
      stream.messageLength = length;
      stream.messageTypeId = typeId;
    }
    partialField.clear();
    stream.extendedTimestamp = timestampField == MAX_TIMESTAMP;
    if (stream.extendedTimestamp) {
      state = State.EXTENDED_TIMESTAMP;
    } else {
      startChunk(timestampField, sink);
    }
  }

  private void readExtendedTimestamp(ByteBuffer in, Consumer<RawMessage> sink)
      throws RtmpProtocolException {
    ByteBuffer b = take(in, 4);
    if (b == null) {
      return;
    }
    long value = Bytes.u32(b);
    partialField.clear();
    startChunk(value, sink);
  }

  /**
   * Applies the chunk's timestamp {@code value} (absolute for fmt 0, else a delta) and moves to its
   * payload. On a continuation chunk the value is the repeated extended field and is ignored.
   */
  private void startChunk(long value, Consumer<RawMessage> sink) throws RtmpProtocolException {
    ChunkStreamState s = stream;
    if (s.received == 0) {
      s.timestampDelta = value;
      s.timestamp = format == 0 ? value : (s.timestamp + value) & 0xFFFFFFFFL;
      if (s.messageLength == 0) {
        state = State.BASIC_HEADER;
        complete(s, EMPTY, sink);
        return;
      }
      reserve(s.initialCapacity());
      s.startMessage();
    }
    chunkRemaining = Math.min(chunkSize, s.messageLength - s.received);
    state = State.PAYLOAD;
  }

  private void readPayload(ByteBuffer in, Consumer<RawMessage> sink) throws RtmpProtocolException {
    ChunkStreamState s = stream;
    int n = Math.min(chunkRemaining, in.remaining());
    reserve(s.capacityAfter(n) - s.capacity());
    s.append(in, n);
    chunkRemaining -= n;
    if (chunkRemaining == 0) {
      state = State.BASIC_HEADER;
      if (s.received == s.messageLength) {
        partialBytes -= s.capacity();
        complete(s, s.takePayload(), sink);
      }
    }
  }

  /** Applies Set Chunk Size and Abort, then hands the message to the sink. */
  private void complete(ChunkStreamState s, byte[] payload, Consumer<RawMessage> sink)
      throws RtmpProtocolException {
    RawMessage message =
        new RawMessage(s.chunkStreamId, s.messageTypeId, s.messageStreamId, s.timestamp, payload);
    if (s.messageTypeId == SET_CHUNK_SIZE) {
      long size = controlValue("set chunk size", payload);
      if (size > Integer.MAX_VALUE) {
        throw fail("chunk size " + size + " has the reserved high bit set");
      }
      if (size < 1) {
        throw fail("chunk size " + size + " is below 1");
      }
      chunkSize = (int) size;
    } else if (s.messageTypeId == ABORT) {
      long id = controlValue("abort", payload);
      ChunkStreamState aborted =
          id < ARRAY_STREAMS
              ? arrayStreams[(int) id]
              : mapStreams == null || id > MAX_CHUNK_STREAM_ID ? null : mapStreams.get((int) id);
      if (aborted != null) {
        partialBytes -= aborted.capacity();
        aborted.discard();
      }
    }
    sink.accept(message);
  }

  private long controlValue(String name, byte[] payload) throws RtmpProtocolException {
    if (payload.length != 4) {
      throw fail(name + " payload of " + payload.length + " bytes, expected 4");
    }
    return Bytes.u32(payload, 0);
  }

  /** Accounts for {@code bytes} more of partial message arrays, before they are allocated. */
  private void reserve(long bytes) throws RtmpProtocolException {
    if (partialBytes + bytes > limits.maxPartialBytes()) {
      throw fail(
          "partial messages would hold "
              + (partialBytes + bytes)
              + " bytes, limit "
              + limits.maxPartialBytes());
    }
    partialBytes += bytes;
  }

  /**
   * Returns a buffer whose next {@code length} bytes are the current field: {@code in} itself when
   * it holds the whole field and nothing was stashed, else {@link #partialField} once it is
   * complete. Returns null after stashing an incomplete field (all of {@code in} is then used). The
   * caller clears {@link #partialField} after reading the field.
   */
  private ByteBuffer take(ByteBuffer in, int length) {
    int have = partialField.position();
    if (have == 0 && in.remaining() >= length) {
      return in;
    }
    while (have < length && in.hasRemaining()) {
      partialField.put(in.get());
      have++;
    }
    if (have < length) {
      return null;
    }
    partialField.flip();
    return partialField;
  }

  private RtmpProtocolException fail(String message) {
    state = State.FAILED;
    failure = message;
    return new RtmpProtocolException(message);
  }
}
