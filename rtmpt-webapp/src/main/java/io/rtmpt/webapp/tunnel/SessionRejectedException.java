package io.rtmpt.webapp.tunnel;

/**
 * {@code /open/1} could not create a session; {@link #kind()} says why and which status to answer.
 */
final class SessionRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RtmptErrorKind kind;

  SessionRejectedException(RtmptErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  RtmptErrorKind kind() {
    return kind;
  }
}
