package io.rtmpt.webapp.access;

/**
 * Who may publish, or play, in an application ({@code rtmpt.access.publish}, {@code
 * rtmpt.access.play} and their per-application forms).
 */
public enum AccessMode {
  /** Anyone (whose address the rules allow). */
  OPEN,
  /** Whoever brings a valid signed token in the stream name's query ({@link StreamTokens}). */
  TOKEN,
  /** Whoever the application's HTTP callback ({@code on_publish}, {@code on_play}) allows. */
  CALLBACK,
  /** Nobody. */
  DENY
}
