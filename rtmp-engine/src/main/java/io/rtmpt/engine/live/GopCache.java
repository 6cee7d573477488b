package io.rtmpt.engine.live;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a late joiner needs to start decoding at once: the last metadata, the last audio and video
 * sequence headers, and the frames since the last video keyframe (the group of pictures, GOP).
 *
 * <p>The GOP is bounded by {@code maxGopBytes} of payload: a group that grows past it is dropped
 * whole and caching resumes at the next keyframe, since frames without their keyframe cannot be
 * decoded. Audio before the first keyframe is not kept for the same reason. Cue points and other
 * data frames are live-only; only metadata set through {@link #metadata} is kept.
 *
 * <p>Not thread-safe: its {@link LiveStream} guards it with the stream's lock.
 */
final class GopCache {
  private final int maxGopBytes;
  private final List<MediaFrame> gop = new ArrayList<>();
  private long gopBytes;
  private MediaFrame metadata;
  private MediaFrame videoHeader;
  private MediaFrame audioHeader;

  GopCache(int maxGopBytes) {
    this.maxGopBytes = maxGopBytes;
  }

  /** Keeps the metadata frame that late joiners get first. */
  void metadata(MediaFrame frame) {
    metadata = frame;
  }

  /** Takes one published frame into the cache (or not, see the class comment). */
  void add(MediaFrame frame) {
    switch (frame.kind()) {
      case DATA -> {
        // cue points and other data are live-only; metadata arrives through metadata()
      }
      case AUDIO -> {
        if (frame.sequenceHeader()) {
          audioHeader = frame;
        } else {
          addToGop(frame);
        }
      }
      case VIDEO -> {
        if (frame.sequenceHeader()) {
          videoHeader = frame;
        } else if (frame.keyframe()) {
          gop.clear();
          gop.add(frame);
          gopBytes = frame.payload().length;
        } else {
          addToGop(frame);
        }
      }
    }
  }

  private void addToGop(MediaFrame frame) {
    if (gop.isEmpty()) {
      return; // no keyframe yet: a late joiner could not decode these
    }
    if (gopBytes + frame.payload().length > maxGopBytes) {
      gop.clear(); // too long a group of pictures: wait for the next keyframe
      gopBytes = 0;
      return;
    }
    gop.add(frame);
    gopBytes += frame.payload().length;
  }

  /**
   * Hands the cache to a late joiner in the order a decoder needs it: metadata, video sequence
   * header, audio sequence header, then the GOP in publish order.
   */
  void replay(Consumer<MediaFrame> joiner) {
    if (metadata != null) {
      joiner.accept(metadata);
    }
    if (videoHeader != null) {
      joiner.accept(videoHeader);
    }
    if (audioHeader != null) {
      joiner.accept(audioHeader);
    }
    gop.forEach(joiner);
  }

  /** Forgets everything (the publisher left). */
  void clear() {
    metadata = null;
    videoHeader = null;
    audioHeader = null;
    gop.clear();
    gopBytes = 0;
  }

  /** Frames in the GOP. */
  int gopFrames() {
    return gop.size();
  }

  /** Payload bytes in the GOP. */
  long gopBytes() {
    return gopBytes;
  }
}
