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

  /** Starts assembling a message of {@link #messageLength} (> 0) bytes. */
  void startMessage() {
    payload = new byte[Math.min(messageLength, ALLOCATE_UP_FRONT_LIMIT)];
    received = 0;
  }

  /** Copies {@code n} bytes of {@code in} into the payload, growing it (at most to its length). */
  void append(ByteBuffer in, int n) {
    int needed = received + n;
    if (needed > payload.length) {
      payload =
          Arrays.copyOf(payload, Math.min(messageLength, Math.max(needed, payload.length * 2)));
    }
    in.get(payload, received, n);
    received = needed;
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
