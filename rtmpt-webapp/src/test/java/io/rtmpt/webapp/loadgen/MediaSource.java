package io.rtmpt.webapp.loadgen;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The frames of one publisher ({@link MediaFrames}): an AVC sequence header, then frames of a fixed
 * size with a keyframe once a second of stream time (every {@code fps} frames).
 *
 * <ul>
 *   <li>{@linkplain #paced Paced}: {@code fps} frames a second on the publisher's event loop, as a
 *       live encoder sends them; {@code paced(25, 5000)} is a 1 Mbit/s stream.
 *   <li>{@linkplain #flatOut Flat out}: frames are made whenever the transport asks for more
 *       ({@link #fill}), so the publisher sends as fast as the server takes them.
 * </ul>
 *
 * <p>RTMP timestamps are the sequence number times the frame duration. One source feeds one
 * publisher; it runs on that publisher's event loop, the benchmark thread only reads it.
 */
public final class MediaSource {
  private final int fps;
  private final int frameBytes;
  private final boolean paced;
  private volatile long nextSequence;
  private volatile long bytesSent;
  private ScheduledFuture<?> timer;

  private MediaSource(int fps, int frameBytes, boolean paced) {
    if (fps < 1 || fps > 1000) {
      throw new IllegalArgumentException("fps " + fps + " is outside 1..1000");
    }
    if (frameBytes < MediaFrames.MIN_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "frame size " + frameBytes + " is below " + MediaFrames.MIN_FRAME_BYTES);
    }
    this.fps = fps;
    this.frameBytes = frameBytes;
    this.paced = paced;
  }

  /** {@code fps} frames of {@code frameBytes} each second: {@code fps * frameBytes * 8} bit/s. */
  public static MediaSource paced(int fps, int frameBytes) {
    return new MediaSource(fps, frameBytes, true);
  }

  /** Frames of {@code frameBytes}, as many as the transport takes (25 per second of stream). */
  public static MediaSource flatOut(int frameBytes) {
    return new MediaSource(25, frameBytes, false);
  }

  /** Called once publishing started: the sequence header, then frames (paced) or nothing yet. */
  void start(RtmpClientSession session, EventExecutor loop, Runnable outputReady) {
    session.sendVideo(MediaFrames.sequenceHeader(), 0);
    outputReady.run();
    if (paced) {
      long period = TimeUnit.SECONDS.toNanos(1) / fps;
      timer =
          loop.scheduleAtFixedRate(
              () -> {
                if (!session.isClosed()) {
                  emit(session);
                  outputReady.run();
                }
              },
              period,
              period,
              TimeUnit.NANOSECONDS);
    }
  }

  /** Flat out: adds frames until the session holds at least {@code targetBytes} unsent. */
  void fill(RtmpClientSession session, int targetBytes) {
    if (paced || session.isClosed()) {
      return;
    }
    while (session.queuedBytes() < targetBytes) {
      emit(session);
    }
  }

  boolean isPaced() {
    return paced;
  }

  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void emit(RtmpClientSession session) {
    long sequence = nextSequence;
    byte[] frame = MediaFrames.frame(sequence, System.nanoTime(), sequence % fps == 0, frameBytes);
    session.sendVideo(frame, sequence * 1000 / fps);
    bytesSent += frameBytes;
    nextSequence = sequence + 1;
  }

  /** The sequence number the next frame will carry (= frames made so far). */
  public long nextSequence() {
    return nextSequence;
  }

  /** Frame bytes made so far (payloads, without RTMP headers). */
  public long bytesSent() {
    return bytesSent;
  }

  public int fps() {
    return fps;
  }

  public int frameBytes() {
    return frameBytes;
  }

  /** The paced bit rate, in bits per second. */
  public long bitsPerSecond() {
    return 8L * fps * frameBytes;
  }
}
