package io.rtmpt.engine.live;

/**
 * A player of a live stream. {@link #onPublish}, {@link #onUnpublish} and {@link #onFrame} arrive
 * on the publisher's thread while the stream's lock is held, so they must not block and must not
 * call back into the stream or the registry; {@link #wakeUp} follows without the lock.
 */
public interface Subscriber {
  /** A publisher started; the frames that follow belong to it. */
  void onPublish(StreamKey key);

  /** The publisher left; the subscriber stays attached and waits for the next one. */
  void onUnpublish(StreamKey key);

  /** One frame, in publish order. */
  void onFrame(MediaFrame frame);

  /**
   * Called without any stream lock held after frames or events were delivered: the moment to tell a
   * transport that bytes are ready.
   */
  void wakeUp();
}
