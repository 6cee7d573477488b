package io.rtmpt.webapp.tunnel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sequence-number bookkeeping of one session: which number is expected next, and the requests that
 * arrived ahead of their turn. A lost or reordered {@code /send} body corrupts the RTMP chunk
 * stream for good, so bodies are fed strictly in sequence order and never twice.
 *
 * <p>The first number after {@code /open/1} is 0 for ffmpeg, librtmp, Flash Player and HaishinKit
 * and 1 for the Red5 client: until a request has run, 0 or 1 may start the sequence, and a request
 * numbered 2 or more waits for one of them. A number at most {@code window} ahead of the expected
 * one waits; further ahead is refused.
 *
 * <p>Numbers the session gave up waiting for ({@link #skipTo}, when the client shows it will not
 * send them) are remembered while they are within the window behind the expected number, so that
 * one arriving after all is told apart from a plain duplicate ({@link Position#LOST}).
 *
 * <p>Not thread-safe: guarded by the owning session's lock.
 *
 * @param <T> what waits: the session's {@link RtmptExchange}
 */
final class RequestOrder<T> {

  /** Where a sequence number stands relative to the session's progress. */
  enum Position {
    /** The number the session expects now. */
    NEXT,
    /** Within the window ahead of the expected number: waits for its predecessors. */
    AHEAD,
    /** Already processed, or already waiting: a duplicate, never fed again. */
    STALE,
    /** Too far ahead: refused with 400. */
    OUT_OF_WINDOW,
    /** A number taken as lost ({@link #skipTo}) that arrived after all, too late to run in turn. */
    LOST
  }

  /** The highest number that may start a sequence (the Red5 client starts at 1). */
  private static final long LAST_FIRST = 1;

  private final int window;
  private final TreeMap<Long, T> waiting = new TreeMap<>();
  private final TreeSet<Long> lost = new TreeSet<>();

  /** The number expected next, or -1 before the first request ran. */
  private long expected = -1;

  RequestOrder(int window) {
    this.window = window;
  }

  Position classify(long sequence) {
    if (waiting.containsKey(sequence)) {
      return Position.STALE;
    }
    if (lost.contains(sequence)) {
      return Position.LOST;
    }
    if (expected < 0) {
      if (sequence <= LAST_FIRST) {
        return Position.NEXT;
      }
      return sequence - LAST_FIRST <= window ? Position.AHEAD : Position.OUT_OF_WINDOW;
    }
    if (sequence < expected) {
      return Position.STALE;
    }
    if (sequence == expected) {
      return Position.NEXT;
    }
    return sequence - expected <= window ? Position.AHEAD : Position.OUT_OF_WINDOW;
  }

  /** Records that the request numbered {@code sequence} (which was NEXT) runs now. */
  void consume(long sequence) {
    expected = sequence + 1;
    lost.headSet(expected - window - 1, true).clear();
  }

  /**
   * Gives up the numbers before {@code sequence}, which was AHEAD, so that it is NEXT now: the
   * client will not send them (their requests died with their connection). A request must have run
   * already, and nothing may be parked.
   *
   * @return how many numbers were given up
   */
  long skipTo(long sequence) {
    if (expected < 0 || !waiting.isEmpty() || sequence <= expected) {
      throw new IllegalStateException(
          "cannot skip to " + sequence + ": expected " + expected + ", parked " + waiting.keySet());
    }
    for (long n = expected; n < sequence; n++) {
      lost.add(n);
    }
    long skipped = sequence - expected;
    expected = sequence;
    return skipped;
  }

  /** Parks a request that is AHEAD, or NEXT while another request has the session's turn. */
  void park(long sequence, T item) {
    waiting.put(sequence, item);
  }

  /** True if the request the session expects next is parked. */
  boolean hasNext() {
    return nextKey() != null;
  }

  /** Removes and consumes the parked request the session expects next, or returns null. */
  T takeNext() {
    Long key = nextKey();
    if (key == null) {
      return null;
    }
    consume(key);
    return waiting.remove(key);
  }

  boolean isParked(long sequence, T item) {
    return waiting.get(sequence) == item;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** Removes and returns every parked request, lowest number first. */
  List<T> drain() {
    List<T> all = new ArrayList<>(waiting.values());
    waiting.clear();
    return all;
  }

  /** The number expected next, or -1 before the first request ran. */
  long expected() {
    return expected;
  }

  private Long nextKey() {
    if (expected >= 0) {
      return waiting.containsKey(expected) ? expected : null;
    }
    Map.Entry<Long, T> first = waiting.firstEntry();
    return first != null && first.getKey() <= LAST_FIRST ? first.getKey() : null;
  }
}
