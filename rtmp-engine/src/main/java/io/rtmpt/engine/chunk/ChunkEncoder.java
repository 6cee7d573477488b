package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkConstants.DEFAULT_CHUNK_SIZE;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_CHUNK_SIZE;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_CHUNK_STREAM_ID;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_MESSAGE_LENGTH;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_ONE_BYTE_CHUNK_STREAM_ID;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_TIMESTAMP;
import static io.rtmpt.engine.chunk.ChunkConstants.MAX_TWO_BYTE_CHUNK_STREAM_ID;
import static io.rtmpt.engine.chunk.ChunkConstants.MIN_CHUNK_STREAM_ID;

import io.rtmpt.engine.protocol.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts whole messages into chunks for the outbound chunk stream of one connection, compressing
 * headers against the previous message of the same chunk stream id.
 *
 * <p>Header choice per message (RTMP specification 1.0, section 5.3.1.2), as ffmpeg's {@code
 * ff_rtmp_packet_write} chooses it:
 *
 * <ul>
 *   <li>type 0 (absolute timestamp): first message on the chunk stream id, a different message
 *       stream id, or a timestamp smaller than the previous one (so deltas are never negative and a
 *       wrap past 0xFFFFFFFF is sent as a new absolute timestamp);
 *   <li>type 1: same message stream, but the length or the type id changed;
 *   <li>type 2: only the timestamp delta changed;
 *   <li>type 3: length, type id and delta all repeat.
 * </ul>
 *
 * <p>One deliberate exception: after a type 0 header whose timestamp T is not 0, a message with
 * delta T gets a type 2 header rather than type 3. The spec and ffmpeg read such a type 3 header as
 * "delta T", but nginx-rtmp reads it as "delta 0" ({@code st->dtime = 0} after fmt 0), so the 3
 * bytes saved are not worth a timestamp that depends on the peer.
 *
 * <p>Payloads longer than the chunk size continue in type 3 chunks. A timestamp or delta of
 * 0xFFFFFF or more is written as 0xFFFFFF plus a 4-byte extended timestamp, which every type 3
 * chunk of the message repeats. Basic headers use the 1-, 2- or 3-byte form the id needs.
 *
 * <p>Not thread-safe: one encoder per connection, used by one thread at a time.
 */
public final class ChunkEncoder {
  /** Message header length by header type (fmt). */
  private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

  /** Basic header (3) + type 0 message header (11) + extended timestamp (4). */
  private static final int MAX_HEADER_LENGTH = 18;

  private final ChunkStreamState[] arrayStreams = new ChunkStreamState[64];

  /** Size of {@link #batch}; chunk sizes below an eighth of it are written through it. */
  private static final int BATCH_SIZE = 8192;

  private final Map<Integer, ChunkStreamState> mapStreams = new HashMap<>();

  /** Allocated by the first small-chunk {@link #encode(RawMessage, ByteArrayOutputStream)}. */
  private byte[] batch;

  /** Header of the message being encoded; continuation header right after it. */
  private final byte[] header = new byte[MAX_HEADER_LENGTH + 7];

  private int headerLength;
  private int continuationLength;
  private int chunkSize = DEFAULT_CHUNK_SIZE;

  public ChunkEncoder() {}

  /**
   * Sets the chunk size for the following messages. The caller sends the Set Chunk Size message
   * first (it is itself encoded with the old size) and then calls this. Every size the
   * specification allows is taken; sizes above 0xFFFFFF are all equivalent (no message is longer),
   * so they are kept as 0xFFFFFF.
   *
   * @throws IllegalArgumentException unless 1 &lt;= chunkSize &lt;= 0x7FFFFFFF
   */
  public void setChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " is below 1");
    }
    this.chunkSize = Math.min(chunkSize, MAX_CHUNK_SIZE);
  }

  /** Chunk size of the outbound direction (initially 128, at most 0xFFFFFF). */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Appends the chunks of one whole message to {@code out}.
   *
   * @throws IllegalArgumentException for a chunk stream id outside 2..65599, a type id outside
   *     0..255, a timestamp outside 0..0xFFFFFFFF, a null payload or one over 0xFFFFFF bytes
   */
  public void encode(RawMessage message, ByteArrayOutputStream out) {
    Objects.requireNonNull(out, "out");
    byte[] payload = prepareHeaders(message);
    if (chunkSize < BATCH_SIZE / 8) {
      encodeInBatches(payload, out);
      return;
    }
    out.write(header, 0, headerLength);
    int offset = 0;
    while (true) {
      int n = Math.min(chunkSize, payload.length - offset);
      out.write(payload, offset, n);
      offset += n;
      if (offset == payload.length) {
        return;
      }
      out.write(header, MAX_HEADER_LENGTH, continuationLength);
    }
  }

  /**
   * Small chunks: gathers headers and chunk data in {@link #batch} and writes it in few calls, as
   * two synchronized {@code write} calls per 128-byte chunk cost more than copying twice.
   */
  private void encodeInBatches(byte[] payload, ByteArrayOutputStream out) {
    byte[] batch = this.batch;
    if (batch == null) {
      batch = this.batch = new byte[BATCH_SIZE];
    }
    System.arraycopy(header, 0, batch, 0, headerLength);
    int filled = headerLength;
    int offset = 0;
    while (true) {
      int n = Math.min(chunkSize, payload.length - offset);
      if (filled + n > BATCH_SIZE) {
        out.write(batch, 0, filled);
        filled = 0;
      }
      System.arraycopy(payload, offset, batch, filled, n);
      filled += n;
      offset += n;
      if (offset == payload.length) {
        out.write(batch, 0, filled);
        return;
      }
      if (filled + continuationLength > BATCH_SIZE) {
        out.write(batch, 0, filled);
        filled = 0;
      }
      System.arraycopy(header, MAX_HEADER_LENGTH, batch, filled, continuationLength);
      filled += continuationLength;
    }
  }

  /** The chunks of one whole message, in an array of exactly their length. */
  public byte[] encode(RawMessage message) {
    byte[] payload = prepareHeaders(message);
    int chunks = payload.length == 0 ? 1 : (payload.length + chunkSize - 1) / chunkSize;
    byte[] out = new byte[headerLength + payload.length + (chunks - 1) * continuationLength];
    writeChunks(payload, out, 0);
    return out;
  }

  /**
   * Writes the chunks of one whole message into {@code out} from {@code offset}: exactly {@link
   * #encodedLength} bytes, which the caller has made room for (call it first: it reads the state
   * this method updates).
   *
   * @return the position after the last byte written
   * @throws IllegalArgumentException as {@link #encode(RawMessage)}
   * @throws IndexOutOfBoundsException {@code out} has less room; the chunk stream's state has then
   *     moved on and the encoder must not be used further
   */
  public int encode(RawMessage message, byte[] out, int offset) {
    Objects.requireNonNull(out, "out");
    return writeChunks(prepareHeaders(message), out, offset);
  }

  private int writeChunks(byte[] payload, byte[] out, int start) {
    System.arraycopy(header, 0, out, start, headerLength);
    int position = start + headerLength;
    int offset = 0;
    while (true) {
      int n = Math.min(chunkSize, payload.length - offset);
      System.arraycopy(payload, offset, out, position, n);
      offset += n;
      position += n;
      if (offset == payload.length) {
        return position;
      }
      System.arraycopy(header, MAX_HEADER_LENGTH, out, position, continuationLength);
      position += continuationLength;
    }
  }

  /**
   * The number of bytes {@link #encode} would produce for {@code message} now, without encoding it
   * or changing any state: what a caller needs to stop before a size limit. The message is not
   * validated here; {@link #encode} does that.
   */
  public int encodedLength(RawMessage message) {
    int id = message.chunkStreamId();
    ChunkStreamState s = stream(id);
    int format = format(s, message);
    long value = format == 0 ? message.timestamp() : message.timestamp() - s.timestamp;
    int basicHeader =
        id <= MAX_ONE_BYTE_CHUNK_STREAM_ID ? 1 : id <= MAX_TWO_BYTE_CHUNK_STREAM_ID ? 2 : 3;
    int extendedTimestamp = value >= MAX_TIMESTAMP ? 4 : 0;
    int length = message.payload().length;
    int chunks = length == 0 ? 1 : (length + chunkSize - 1) / chunkSize;
    return basicHeader
        + MESSAGE_HEADER_LENGTH[format]
        + extendedTimestamp
        + length
        + (chunks - 1) * (basicHeader + extendedTimestamp);
  }

  @Override
  public String toString() {
    return "ChunkEncoder[chunkSize=" + chunkSize + "]";
  }

  private ChunkStreamState stream(int id) {
    return id < arrayStreams.length ? arrayStreams[id] : mapStreams.get(id);
  }

  /** The header type for {@code message} after the chunk stream's last header (class comment). */
  private static int format(ChunkStreamState s, RawMessage message) {
    long timestamp = message.timestamp();
    if (s == null || s.messageStreamId != message.messageStreamId() || timestamp < s.timestamp) {
      return 0;
    }
    long delta = timestamp - s.timestamp;
    if (message.payload().length != s.messageLength || message.messageTypeId() != s.messageTypeId) {
      return 1;
    }
    if (delta != s.timestampDelta || (s.deltaFromTypeZero && delta != 0)) {
      return 2;
    }
    return 3;
  }

  /**
   * Validates the message, chooses its header, writes the first chunk's header to {@code
   * header[0..headerLength)} and the continuation header to {@code header[18..)}, and updates the
   * chunk stream's state.
   */
  private byte[] prepareHeaders(RawMessage message) {
    Objects.requireNonNull(message, "message");
    int id = message.chunkStreamId();
    byte[] payload = message.payload();
    long timestamp = message.timestamp();
    if (id < MIN_CHUNK_STREAM_ID || id > MAX_CHUNK_STREAM_ID) {
      throw new IllegalArgumentException(
          "chunk stream id "
              + id
              + " is outside "
              + MIN_CHUNK_STREAM_ID
              + ".."
              + MAX_CHUNK_STREAM_ID);
    }
    if (message.messageTypeId() < 0 || message.messageTypeId() > 255) {
      throw new IllegalArgumentException(
          "message type id " + message.messageTypeId() + " is outside 0..255");
    }
    if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timestamp " + timestamp + " is outside 0..4294967295");
    }
    if (payload == null) {
      throw new IllegalArgumentException("payload is null");
    }
    if (payload.length > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "payload of "
              + payload.length
              + " bytes exceeds the maximum message length "
              + MAX_MESSAGE_LENGTH);
    }

    ChunkStreamState s = stream(id);
    int format = format(s, message);
    long value = format == 0 ? timestamp : timestamp - s.timestamp;
    if (s == null) {
      s = new ChunkStreamState(id);
      if (id < arrayStreams.length) {
        arrayStreams[id] = s;
      } else {
        mapStreams.put(id, s);
      }
    }
    boolean extended = value >= MAX_TIMESTAMP;

    int p = writeBasicHeader(header, 0, format, id);
    if (format < 3) {
      p = Bytes.putU24(header, p, extended ? MAX_TIMESTAMP : (int) value);
    }
    if (format < 2) {
      p = Bytes.putU24(header, p, payload.length);
      header[p++] = (byte) message.messageTypeId();
    }
    if (format == 0) {
      int streamId = message.messageStreamId();
      header[p++] = (byte) streamId;
      header[p++] = (byte) (streamId >>> 8);
      header[p++] = (byte) (streamId >>> 16);
      header[p++] = (byte) (streamId >>> 24);
    }
    if (extended) {
      p = Bytes.putU32(header, p, value);
    }
    headerLength = p;

    int c = writeBasicHeader(header, MAX_HEADER_LENGTH, 3, id);
    if (extended) {
      c = Bytes.putU32(header, c, value);
    }
    continuationLength = c - MAX_HEADER_LENGTH;

    s.deltaFromTypeZero = format == 0 || (format == 3 && s.deltaFromTypeZero);
    s.timestamp = timestamp;
    s.timestampDelta = value;
    s.extendedTimestamp = extended;
    s.messageLength = payload.length;
    s.messageTypeId = message.messageTypeId();
    s.messageStreamId = message.messageStreamId();
    return payload;
  }

  /** Writes the 1-, 2- or 3-byte basic header; returns the position after it. */
  private static int writeBasicHeader(byte[] b, int p, int format, int id) {
    int fmt = format << 6;
    if (id <= MAX_ONE_BYTE_CHUNK_STREAM_ID) {
      b[p++] = (byte) (fmt | id);
    } else if (id <= MAX_TWO_BYTE_CHUNK_STREAM_ID) {
      b[p++] = (byte) fmt;
      b[p++] = (byte) (id - 64);
    } else {
      b[p++] = (byte) (fmt | 1);
      b[p++] = (byte) (id - 64);
      b[p++] = (byte) ((id - 64) >>> 8);
    }
    return p;
  }
}
