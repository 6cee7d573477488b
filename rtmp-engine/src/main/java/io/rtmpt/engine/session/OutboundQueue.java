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

  private record Entry(byte[] raw, RawMessage message, PlayStream owner, int newChunkSize) {}

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
  void addMediaLocked(RawMessage message, PlayStream owner) {
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
   * Encodes and removes queued entries until at least {@code maxBytes} are produced or the queue is
   * empty; a single message larger than maxBytes is still returned whole. Empty when nothing is
   * queued.
   */
  byte[] poll(int maxBytes) {
    lock.lock();
    try {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      buffer.reset();
      while (!entries.isEmpty() && buffer.size() < maxBytes) {
        Entry e = entries.poll();
        if (e.raw != null) {
          buffer.write(e.raw, 0, e.raw.length);
          continue;
        }
        encoder.encode(e.message, buffer);
        if (e.newChunkSize > 0) {
          encoder.setChunkSize(e.newChunkSize);
        }
        if (e.owner != null) {
          e.owner.dequeuedLocked(e.message.payload().length);
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
