package io.rtmpt.engine.session;

import io.rtmpt.engine.live.MediaFrame;

/**
 * The chunk stream ids this server sends on, the one home of each (chunk stream 2 for control
 * messages is the spec's; 3, 5, 6 and 7 are nginx-rtmp's, ngx_rtmp_streams.h).
 */
final class ChunkStreams {
  /** Protocol control and user control messages (the spec requires 2). */
  static final int CONTROL = 2;

  /** Command replies and status messages. */
  static final int COMMAND = 3;

  /** Data messages (metadata, cue points). */
  static final int DATA = 5;

  static final int AUDIO = 6;
  static final int VIDEO = 7;

  private ChunkStreams() {}

  /** The chunk stream a player's frames of this kind travel on. */
  static int of(MediaFrame.Kind kind) {
    return switch (kind) {
      case AUDIO -> AUDIO;
      case VIDEO -> VIDEO;
      case DATA -> DATA;
    };
  }
}
