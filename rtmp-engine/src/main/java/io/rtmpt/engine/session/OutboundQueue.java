package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.monitor.RateMeter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one session still has to send, in order: raw handshake bytes and whole messages. Messages
 * are chunk-encoded only when the transport takes them ({@link #poll}), so header compression
 * follows the real output order and nothing that was encoded is ever dropped; a slow player loses
 * whole frames before encoding instead (see {@link PlayStream}).
 *
 * <p>Memory: nothing is kept between polls but the entries themselves and the encoder's header
 * state; each poll encodes straight into a fresh array of the reply's size, which the transport
 * sends as it is (an idle tunnel holds no buffer; issue #11, B3).
 *
 * <p>Thread-safe: the session's input thread, publishers' threads (media for players) and the
 * transport's thread all use it; its lock is only ever held briefly and never while calling out (it
 * is last in the session's lock order, see the package documentation).
 */
final class OutboundQueue {
  private static final byte[] EMPTY = new byte[0];

  /** Bound on one message's header bytes: basic (3) + type 0 (11) + extended timestamp (4). */
  private static final int MAX_HEADER_BYTES = 18;

  /** Bound on each continuation chunk's header: basic (3) + extended timestamp (4). */
  private static final int MAX_CONTINUATION_BYTES = 7;

  /** A player whose queued media bytes the queue reports back as they leave ({@link #poll}). */
  interface MediaOwner {
    /**
     * {@code bytes} of this owner's media were sent or dropped; called with the queue's lock held.
     */
    void dequeuedLocked(int bytes);
  }

  private record Entry(byte[] raw, RawMessage message, MediaOwner owner, int newChunkSize) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final RateMeter meter = new RateMeter();
  private boolean closed;

  ReentrantLock lock() {
    return lock;
  }

  void addRaw(byte[] bytes) {
    add(new Entry(bytes, null, null, 0));
  }

  void add(RawMessage message) {
    add(new Entry(null, message, null, 0));
  }

  /** A Set Chunk Size message: encoded with the old size, the encoder switches right after it. */
  void addChunkSizeChange(RawMessage message, int newChunkSize) {
    add(new Entry(null, message, null, newChunkSize));
  }

  /** Media for a player; the caller holds {@link #lock()} and has accounted for the bytes. */
  void addMediaLocked(RawMessage message, MediaOwner owner) {
    if (!closed) {
      entries.add(new Entry(null, message, owner, 0));
    }
  }

  private void add(Entry entry) {
    lock.lock();
    try {
      if (!closed) {
        entries.add(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return entries.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Encodes and removes queued entries, in order, for one write of at most {@code maxBytes}: it
   * stops before an entry that would cross the limit, unless nothing was taken yet, so a single
   * entry larger than {@code maxBytes} goes alone and whole (never half a message: an RTMPT reply
   * or a TCP write carries whole messages). Entries are whole messages or raw handshake bytes.
   * Returns an empty array when nothing is queued; never blocks.
   *
   * @param maxBytes the limit, at least 1
   */
  byte[] poll(int maxBytes) {
    ByteBuffer polled = poll(maxBytes, 0);
    return polled.limit() == polled.capacity()
        ? polled.array()
        : Arrays.copyOf(polled.array(), polled.limit());
  }

  /**
   * As {@link #poll(int)}, but encodes into a fresh array behind {@code headroom} free bytes (the
   * RTMPT polling byte), so the transport can send that array without copying it: the buffer's
   * array starts at offset 0, its position is {@code headroom} and its limit the end of the bytes
   * taken (there may be unused capacity beyond). Nothing queued: no bytes after the headroom.
   *
   * @param maxBytes the limit on the bytes taken (headroom not counted), at least 1
   * @param headroom free bytes before them, 0 or more
   */
  ByteBuffer poll(int maxBytes, int headroom) {
    lock.lock();
    try {
      if (entries.isEmpty()) {
        return ByteBuffer.wrap(headroom == 0 ? EMPTY : new byte[headroom]).position(headroom);
      }
      byte[] out = new byte[headroom + estimateLocked(maxBytes)];
      int position = headroom;
      while (!entries.isEmpty()) {
        Entry e = entries.peek();
        int size = e.raw != null ? e.raw.length : encoder.encodedLength(e.message);
        int taken = position - headroom;
        if (taken > 0 && taken + size > maxBytes) {
          break;
        }
        entries.poll();
        if (position + size > out.length) {
          out = Arrays.copyOf(out, Math.max(position + size, out.length * 2)); // estimate was low
        }
        if (e.raw != null) {
          System.arraycopy(e.raw, 0, out, position, size);
          position += size;
        } else {
          position = encoder.encode(e.message, out, position);
          if (e.newChunkSize > 0) {
            encoder.setChunkSize(e.newChunkSize);
          }
          if (e.owner != null) {
            e.owner.dequeuedLocked(e.message.payload().length);
          }
        }
      }
      meter.add(position - headroom);
      return ByteBuffer.wrap(out, 0, position).position(headroom);
    } finally {
      lock.unlock();
    }
  }

  /**
   * An upper bound on what the next poll encodes (at most the entries whose bytes before encoding
   * fit {@code maxBytes}, at least the first), so that it rarely grows its array: payload plus the
   * longest headers at the smallest chunk size in play.
   */
  private int estimateLocked(int maxBytes) {
    long estimate = 0;
    long payloads = 0;
    int chunkSize = encoder.chunkSize();
    for (Entry e : entries) {
      int length = e.raw != null ? e.raw.length : e.message.payload().length;
      if (payloads > 0 && payloads + length > maxBytes) {
        break;
      }
      payloads += length;
      if (e.raw != null) {
        estimate += length;
      } else {
        int chunks = length == 0 ? 1 : (length + chunkSize - 1) / chunkSize;
        estimate += MAX_HEADER_BYTES + length + (long) (chunks - 1) * MAX_CONTINUATION_BYTES;
        if (e.newChunkSize > 0) {
          chunkSize = Math.min(chunkSize, e.newChunkSize);
        }
      }
    }
    return (int) Math.min(estimate, Integer.MAX_VALUE - 16 - 8);
  }

  /** Drops everything queued and refuses further entries. */
  void close() {
    lock.lock();
    try {
      closed = true;
      for (Entry e : entries) {
        if (e.owner != null) {
          e.owner.dequeuedLocked(e.message.payload().length);
        }
      }
      entries.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses further entries but keeps what is queued, so that a refusal reaches the client before
   * the connection closes.
   */
  void closeAfterQueued() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes handed to the transport so far. */
  long bytesOut() {
    return meter.total();
  }

  /** Recent outbound rate. */
  long bitsPerSecond() {
    return meter.bitsPerSecond();
  }
}
