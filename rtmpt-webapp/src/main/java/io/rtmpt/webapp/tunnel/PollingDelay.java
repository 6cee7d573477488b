package io.rtmpt.webapp.tunnel;

/**
 * The polling-delay byte that starts every send/idle/close reply. It tells a client how long to
 * wait before its next idle: {@code 0x01} while data flows, then one step up the ladder {@code
 * 0x03, 0x05, 0x09, 0x11, 0x21} after every {@value #EMPTY_REPLIES_PER_STEP} consecutive empty
 * replies, capped at {@code 0x21} (about 0.5 s for Flash Player), and back to {@code 0x01} on the
 * first reply that carries data. This is the ladder of Bauch's RTMPT description and Red5. ffmpeg
 * and rtmpdump ignore the byte; Flash Player and HaishinKit obey it.
 *
 * <p>Not thread-safe: a session uses it only while it holds its turn.
 */
final class PollingDelay {

  static final int EMPTY_REPLIES_PER_STEP = 10;

  private static final byte[] LADDER = {0x01, 0x03, 0x05, 0x09, 0x11, 0x21};

  /** Consecutive empty replies so far, capped where the ladder ends. */
  private int emptyReplies;

  /** The byte for the next reply, which carries data or not. */
  byte next(boolean carriesData) {
    if (carriesData) {
      emptyReplies = 0;
      return LADDER[0];
    }
    byte value = current();
    if (emptyReplies < EMPTY_REPLIES_PER_STEP * (LADDER.length - 1)) {
      emptyReplies++;
    }
    return value;
  }

  /** The byte the next empty reply would carry, without counting a reply. */
  byte current() {
    return LADDER[Math.min(emptyReplies / EMPTY_REPLIES_PER_STEP, LADDER.length - 1)];
  }
}
