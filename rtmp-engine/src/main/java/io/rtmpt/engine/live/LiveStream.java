package io.rtmpt.engine.live;

import io.rtmpt.engine.monitor.RateMeter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live stream: at most one publisher, any number of subscribers, and what a late joiner needs
 * to start decoding at once (a {@link GopCache}: metadata, sequence headers, the frames since the
 * last keyframe).
 *
 * <p>All state changes happen under one lock, and subscribers are called under it, which is what
 * keeps every subscriber's view in publish order: a subscriber that joins receives the cached
 * frames and then exactly the frames published after them. See the package documentation for the
 * thread that runs the fan-out and the lock order.
 */
public final class LiveStream {
  private final StreamKey key;
  private final ReentrantLock lock = new ReentrantLock();
  private final GopCache cache;
  private final RateMeter inbound = new RateMeter();
  private Subscriber[] subscribers = new Subscriber[0];
  private Publisher publisher;
  private boolean removed;
  private long publishedAtMillis;
  private String videoCodec;
  private String audioCodec;
  private Map<String, Object> properties = Map.of();
  private long frames;

  LiveStream(StreamKey key, int maxGopBytes) {
    this.key = key;
    this.cache = new GopCache(maxGopBytes);
  }

  /** The stream's application and name. */
  public StreamKey key() {
    return key;
  }

  /**
   * Passes one frame of {@code from} on to every subscriber and into the late-joiner cache, then
   * wakes the subscribers up outside the lock. Runs on the publisher's thread. Frames of anyone but
   * the current publisher are dropped: a publisher that was taken over may still be delivering.
   */
  public void onFrame(Publisher from, MediaFrame frame) {
    Subscriber[] targets;
    lock.lock();
    try {
      if (publisher != from) {
        return;
      }
      frames++;
      inbound.add(frame.payload().length);
      noteCodec(frame);
      cache.add(frame);
      targets = subscribers;
      for (Subscriber s : targets) {
        s.onFrame(frame);
      }
    } finally {
      lock.unlock();
    }
    for (Subscriber s : targets) {
      s.wakeUp();
    }
  }

  /**
   * Records the metadata a publisher sent with {@code @setDataFrame}: the frame is what players
   * receive and what late joiners get first; the properties (width, height, framerate...) feed the
   * console.
   */
  public void onMetadata(Publisher from, MediaFrame frame, Map<String, Object> properties) {
    lock.lock();
    try {
      if (publisher != from) {
        return;
      }
      this.properties = Map.copyOf(withoutNulls(properties));
      cache.metadata(frame);
    } finally {
      lock.unlock();
    }
    onFrame(from, frame);
  }

  private void noteCodec(MediaFrame frame) {
    switch (frame.kind()) {
      case AUDIO -> {
        if (frame.sequenceHeader() || audioCodec == null) {
          audioCodec = Codecs.audioCodec(frame.payload());
        }
      }
      case VIDEO -> {
        if (frame.sequenceHeader() || videoCodec == null) {
          videoCodec = Codecs.videoCodec(frame.payload());
        }
      }
      case DATA -> {
        // no codec
      }
    }
  }

  /** Attaches a publisher; false when another one is already publishing. */
  boolean attachPublisher(Publisher candidate, long nowMillis) {
    if (publisher != null) {
      return false;
    }
    publisher = candidate;
    publishedAtMillis = nowMillis;
    for (Subscriber s : subscribers) {
      s.onPublish(key);
    }
    return true;
  }

  /** Detaches {@code leaving} if it is the publisher (players stay and are told); else nothing. */
  void detachPublisher(Publisher leaving) {
    if (publisher != leaving) {
      return;
    }
    publisher = null;
    cache.clear();
    videoCodec = null;
    audioCodec = null;
    properties = Map.of();
    for (Subscriber s : subscribers) {
      s.onUnpublish(key);
    }
  }

  /** Adds a subscriber; when a publisher is live it first receives the cached frames. */
  void attachSubscriber(Subscriber subscriber) {
    Subscriber[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
    grown[subscribers.length] = subscriber;
    subscribers = grown;
    if (publisher != null) {
      subscriber.onPublish(key);
      cache.replay(subscriber::onFrame);
    }
  }

  void detachSubscriber(Subscriber subscriber) {
    List<Subscriber> kept = new ArrayList<>(List.of(subscribers));
    kept.remove(subscriber);
    subscribers = kept.toArray(new Subscriber[0]);
  }

  /** Wakes every subscriber up; called outside the lock after membership changes. */
  void wakeUpAll() {
    Subscriber[] targets;
    lock.lock();
    try {
      targets = subscribers;
    } finally {
      lock.unlock();
    }
    for (Subscriber s : targets) {
      s.wakeUp();
    }
  }

  boolean unused() {
    return publisher == null && subscribers.length == 0;
  }

  ReentrantLock lock() {
    return lock;
  }

  boolean removed() {
    return removed;
  }

  void markRemoved() {
    removed = true;
  }

  /** The current publisher, or null while nobody publishes. */
  public Publisher publisher() {
    lock.lock();
    try {
      return publisher;
    } finally {
      lock.unlock();
    }
  }

  /** A consistent view of this stream for the console and the API. */
  public StreamSnapshot snapshot() {
    lock.lock();
    try {
      return new StreamSnapshot(
          key.app(),
          key.name(),
          publisher == null ? null : publisher.describe(),
          publisher == null ? 0 : publishedAtMillis,
          videoCodec,
          audioCodec,
          number(properties.get("width")),
          number(properties.get("height")),
          number(properties.get("framerate")),
          inbound.bitsPerSecond(),
          inbound.total(),
          frames,
          subscribers.length,
          cache.gopFrames());
    } finally {
      lock.unlock();
    }
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (k != null && (v instanceof Number || v instanceof String || v instanceof Boolean)) {
            copy.put(k, v);
          }
        });
    return copy;
  }
}
