package io.rtmpt.engine.vod;

import io.rtmpt.engine.live.MediaFrame;

/**
 * Where a {@link VodPlayer} delivers, in protocol-neutral terms: the session's NetStream turns each
 * call into RTMP messages. Calls come from the player's scheduler thread, or from the thread that
 * called {@link VodPlayer#seek} or {@link VodPlayer#pause}, always under the player's lock: they
 * must not block and must not call back into the player; they may take the session's outbound queue
 * lock (last in the lock order).
 */
public interface VodSink {
  /**
   * Media payload bytes delivered and not yet sent to the client; the player waits above its limit.
   */
  long queuedBytes();

  /** The next frame to send, in order: metadata, sequence headers, then samples. */
  void frame(MediaFrame frame);

  /** A seek moved playback to {@code positionMillis} (the keyframe at or before the target). */
  void seeked(long positionMillis);

  /** Playback paused ({@code true}) or resumed. */
  void paused(boolean paused, long positionMillis);

  /** Every sample was sent and played out: the end of the file. */
  void completed(long durationMillis);

  /** The file could not be opened or read; playback ended. */
  void failed(String reason);
}
