package io.rtmpt.engine.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The live streams of one engine, by application and name. A stream exists while it has a publisher
 * or a subscriber; players may subscribe before the publisher arrives and stay through a
 * publisher's departure.
 */
public final class StreamRegistry {
  /** Default bound of the late-joiner cache (one group of pictures) per stream. */
  public static final int DEFAULT_MAX_GOP_BYTES = 16 * 1024 * 1024;

  private final ConcurrentHashMap<StreamKey, LiveStream> streams = new ConcurrentHashMap<>();
  private final int maxGopBytes;

  /**
   * An empty registry.
   *
   * @param maxGopBytes bound of each stream's late-joiner cache, in payload bytes (0 keeps only
   *     metadata, sequence headers and the keyframe itself)
   * @throws IllegalArgumentException when negative
   */
  public StreamRegistry(int maxGopBytes) {
    if (maxGopBytes < 0) {
      throw new IllegalArgumentException("maxGopBytes must not be negative: " + maxGopBytes);
    }
    this.maxGopBytes = maxGopBytes;
  }

  /** Starts publishing; null when the name is already being published. */
  public LiveStream publish(StreamKey key, Publisher publisher, long nowMillis) {
    LiveStream stream = withStream(key, s -> s.attachPublisher(publisher, nowMillis) ? s : null);
    if (stream != null) {
      stream.wakeUpAll();
    }
    return stream;
  }

  /**
   * Hands the name over from {@code current} to {@code successor}, in one step under the stream's
   * lock: when {@code current} still publishes it is detached (players stay, see {@link
   * Subscriber#onUnpublish}) and {@code successor} attached; when nobody publishes any more {@code
   * successor} simply is. Null, and nothing changed, when someone else publishes now. The caller
   * ends {@code current}'s connection; frames it still delivers are dropped ({@link
   * LiveStream#onFrame}).
   */
  public LiveStream takeOver(
      StreamKey key, Publisher current, Publisher successor, long nowMillis) {
    LiveStream stream =
        withStream(
            key,
            s -> {
              s.detachPublisher(current);
              return s.attachPublisher(successor, nowMillis) ? s : null;
            });
    if (stream != null) {
      stream.wakeUpAll();
    }
    return stream;
  }

  /** Ends a publish; subscribers stay and are told. */
  public void unpublish(LiveStream stream, Publisher publisher) {
    stream.lock().lock();
    try {
      stream.detachPublisher(publisher);
      removeIfUnused(stream);
    } finally {
      stream.lock().unlock();
    }
    stream.wakeUpAll();
  }

  /** Adds a player; it receives the cached frames at once when the stream is live. */
  public LiveStream subscribe(StreamKey key, Subscriber subscriber) {
    LiveStream stream =
        withStream(
            key,
            s -> {
              s.attachSubscriber(subscriber);
              return s;
            });
    subscriber.wakeUp();
    return stream;
  }

  /** Removes a player; the stream goes once it has neither publisher nor players. */
  public void unsubscribe(LiveStream stream, Subscriber subscriber) {
    stream.lock().lock();
    try {
      stream.detachSubscriber(subscriber);
      removeIfUnused(stream);
    } finally {
      stream.lock().unlock();
    }
  }

  /** The stream of that name, or null when nobody publishes or plays it. */
  public LiveStream get(StreamKey key) {
    return streams.get(key);
  }

  /** Every current stream, a copy. */
  public Collection<LiveStream> streams() {
    return List.copyOf(streams.values());
  }

  /** A snapshot of every current stream, in no particular order. */
  public List<StreamSnapshot> snapshots() {
    List<StreamSnapshot> out = new ArrayList<>();
    for (LiveStream s : streams.values()) {
      out.add(s.snapshot());
    }
    return out;
  }

  private LiveStream withStream(StreamKey key, Function<LiveStream, LiveStream> action) {
    while (true) {
      LiveStream stream = streams.computeIfAbsent(key, k -> new LiveStream(k, maxGopBytes));
      stream.lock().lock();
      try {
        if (stream.removed()) {
          continue; // lost a race with the last user leaving: take the new one
        }
        LiveStream result = action.apply(stream);
        removeIfUnused(stream);
        return result;
      } finally {
        stream.lock().unlock();
      }
    }
  }

  private void removeIfUnused(LiveStream stream) {
    if (stream.unused() && !stream.removed()) {
      stream.markRemoved();
      streams.remove(stream.key(), stream);
    }
  }
}
