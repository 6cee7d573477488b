package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.monitor.RateMeter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one session still has to send, in order: raw handshake bytes and whole messages. Messages
 * are chunk-encoded only when the transport takes them ({@link #poll}), so header compression
 * follows the real output order and nothing that was encoded is ever dropped; a slow player loses
 * whole frames before encoding instead (see {@link PlayStream}).
 *
 * <p>Thread-safe: the session's input thread, publishers' threads (media for players) and the
 * transport's thread all use it; its lock is only ever held briefly and never while calling out (it
 * is last in the session's lock order, see the package documentation).
 */
final class OutboundQueue {
  private static final byte[] EMPTY = new byte[0];

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
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
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
    lock.lock();
    try {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      buffer.reset();
      while (!entries.isEmpty()) {
        Entry e = entries.peek();
        int size = e.raw != null ? e.raw.length : encoder.encodedLength(e.message);
        if (buffer.size() > 0 && buffer.size() + size > maxBytes) {
          break;
        }
        entries.poll();
        if (e.raw != null) {
          buffer.write(e.raw, 0, e.raw.length);
        } else {
          encoder.encode(e.message, buffer);
          if (e.newChunkSize > 0) {
            encoder.setChunkSize(e.newChunkSize);
          }
          if (e.owner != null) {
            e.owner.dequeuedLocked(e.message.payload().length);
          }
        }
      }
      byte[] out = buffer.toByteArray();
      meter.add(out.length);
      if (out.length > 1024 * 1024) {
        buffer = new ByteArrayOutputStream(64 * 1024); // give a one-off large reply's memory back
      }
      return out;
    } finally {
      lock.unlock();
    }
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

  /** Bytes handed to the transport so far. */
  long bytesOut() {
    return meter.total();
  }

  /** Recent outbound rate. */
  long bitsPerSecond() {
    return meter.bitsPerSecond();
  }
}
