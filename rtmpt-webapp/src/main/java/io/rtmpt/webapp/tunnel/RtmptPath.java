package io.rtmpt.webapp.tunnel;

import java.util.Objects;
import java.util.Optional;

/**
 * A parsed RTMPT request path, relative to the web application (the context path is never part of
 * it). Accepted paths, and nothing else:
 *
 * <pre>
 *   /fcs/ident2              IDENT
 *   /open/1                  OPEN
 *   /send/&lt;id&gt;/&lt;seq&gt;         SEND
 *   /idle/&lt;id&gt;/&lt;seq&gt;         IDLE
 *   /close/&lt;id&gt;/&lt;seq&gt;        CLOSE
 *   /close/&lt;id&gt;              CLOSE without a sequence number (HaishinKit)
 * </pre>
 *
 * where {@code <id>} is 1 to {@value #MAX_SESSION_ID_LENGTH} characters {@code [A-Za-z0-9]} and
 * {@code <seq>} 1 to 18 decimal digits.
 *
 * @param command what the request asks for
 * @param sessionId the session named in the path, or null for IDENT and OPEN
 * @param sequence the request's sequence number, or {@link #NO_SEQUENCE}
 */
public record RtmptPath(RtmptCommand command, String sessionId, long sequence) {

  /** The sequence of IDENT, OPEN and a HaishinKit {@code /close/<id>}. */
  public static final long NO_SEQUENCE = -1;

  /** ffmpeg reads the {@code /open/1} reply into 64 bytes, newline included. */
  public static final int MAX_SESSION_ID_LENGTH = 63;

  private static final int MAX_SEQUENCE_DIGITS = 18;

  public RtmptPath {
    Objects.requireNonNull(command, "command");
  }

  public boolean hasSequence() {
    return sequence != NO_SEQUENCE;
  }

  /**
   * Parses the path below the context: {@code servletPath} followed by {@code pathInfo}, as the
   * container splits them for a mapping such as {@code /send/*}.
   *
   * @return the path, or empty for anything that is not an RTMPT path (answered with 404)
   */
  public static Optional<RtmptPath> parse(String servletPath, String pathInfo) {
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    String[] segments = path.substring(1).split("/", -1);
    Optional<RtmptCommand> command = RtmptCommand.fromSegment(segments[0]);
    if (command.isEmpty()) {
      return Optional.empty();
    }
    return switch (command.get()) {
      case IDENT -> fixed(segments, "ident2", RtmptCommand.IDENT);
      case OPEN -> fixed(segments, "1", RtmptCommand.OPEN);
      case CLOSE ->
          segments.length == 2 && isSessionId(segments[1])
              ? Optional.of(new RtmptPath(RtmptCommand.CLOSE, segments[1], NO_SEQUENCE))
              : inSession(segments, RtmptCommand.CLOSE);
      case SEND, IDLE -> inSession(segments, command.get());
    };
  }

  private static Optional<RtmptPath> fixed(String[] segments, String second, RtmptCommand command) {
    if (segments.length == 2 && segments[1].equals(second)) {
      return Optional.of(new RtmptPath(command, null, NO_SEQUENCE));
    }
    return Optional.empty();
  }

  private static Optional<RtmptPath> inSession(String[] segments, RtmptCommand command) {
    if (segments.length != 3 || !isSessionId(segments[1]) || !isSequence(segments[2])) {
      return Optional.empty();
    }
    return Optional.of(new RtmptPath(command, segments[1], Long.parseLong(segments[2])));
  }

  static boolean isSessionId(String s) {
    if (s.isEmpty() || s.length() > MAX_SESSION_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSequence(String s) {
    if (s.isEmpty() || s.length() > MAX_SEQUENCE_DIGITS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
