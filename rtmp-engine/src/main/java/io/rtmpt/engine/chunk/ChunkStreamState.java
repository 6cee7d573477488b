package io.rtmpt.engine.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What one side remembers about one chunk stream: the fields of the last message header, which
 * headers of format 1, 2 and 3 leave out, and (decoder only) the partially assembled message.
 */
final class ChunkStreamState {
  /**
   * Up to this many bytes, a message's payload array is allocated at its first chunk with its
   * declared length; longer messages start with this capacity and grow as data arrives, so that a
   * header alone never makes the decoder allocate more than this.
   */
  static final int ALLOCATE_UP_FRONT_LIMIT = 64 * 1024;

  final int chunkStreamId;

  /** Absolute timestamp of the current (or last) message, 0..0xFFFFFFFF. */
  long timestamp;

  /**
   * Delta a type 3 header starting a new message adds. After a type 0 header this is that header's
   * absolute timestamp (spec 5.3.1.2.4; ffmpeg's rtmppkt.c does the same).
   */
  long timestampDelta;

  /** Whether {@link #timestampDelta} was set by a type 0 header (encoder: see ChunkEncoder). */
  boolean deltaFromTypeZero;

  int messageLength;
  int messageTypeId;
  int messageStreamId;

  /** Whether the last header with a timestamp field used the extended timestamp. */
  boolean extendedTimestamp;

  /** Decoder: payload of the message being assembled, or null between messages. */
  byte[] payload;

  /** Decoder: bytes of {@link #payload} received so far; above 0 while a message is partial. */
  int received;

  ChunkStreamState(int chunkStreamId) {
    this.chunkStreamId = chunkStreamId;
  }

  /** Array size {@link #startMessage} allocates for a message of {@link #messageLength} bytes. */
  int initialCapacity() {
    return Math.min(messageLength, ALLOCATE_UP_FRONT_LIMIT);
  }

  /** Starts assembling a message of {@link #messageLength} (> 0) bytes. */
  void startMessage() {
    payload = new byte[initialCapacity()];
    received = 0;
  }

  /**
   * Array size the payload has after {@link #append} of {@code n} more bytes: unchanged while they
   * fit, else doubled (at least to what is needed, at most to the message length).
   */
  int capacityAfter(int n) {
    int needed = received + n;
    if (needed <= payload.length) {
      return payload.length;
    }
    return Math.min(messageLength, Math.max(needed, payload.length * 2));
  }

  /** Size of the array of the message being assembled; 0 between messages. */
  int capacity() {
    return payload == null ? 0 : payload.length;
  }

  /**
   * Copies {@code n} bytes of {@code in} into the payload, growing it (see {@link #capacityAfter}).
   */
  void append(ByteBuffer in, int n) {
    int capacity = capacityAfter(n);
    if (capacity > payload.length) {
      payload = Arrays.copyOf(payload, capacity);
    }
    in.get(payload, received, n);
    received += n;
  }

  /** Hands over the completed payload and forgets it. */
  byte[] takePayload() {
    byte[] complete = payload;
    discard();
    return complete;
  }

  /** Drops a partial message (Abort). */
  void discard() {
    payload = null;
    received = 0;
  }
}
