package io.rtmpt.engine.session;

/** The chunk stream ids this server sends on. */
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
}
