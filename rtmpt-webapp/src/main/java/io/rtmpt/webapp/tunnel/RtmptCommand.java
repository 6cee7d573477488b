package io.rtmpt.webapp.tunnel;

import java.util.Optional;

/** The RTMPT request kinds, each named by the first path segment of its URL. */
public enum RtmptCommand {
  /** {@code /fcs/ident2}: Flash Player's probe before {@code /open/1}. */
  IDENT("fcs"),
  /** {@code /open/1}: creates a session; the reply is {@code <id>\n}. */
  OPEN("open"),
  /** {@code /send/<id>/<seq>}: client-to-server bytes. */
  SEND("send"),
  /** {@code /idle/<id>/<seq>}: a poll for server-to-client bytes. */
  IDLE("idle"),
  /** {@code /close/<id>/<seq>} or {@code /close/<id>}: ends the session. */
  CLOSE("close");

  private final String segment;

  RtmptCommand(String segment) {
    this.segment = segment;
  }

  /** The first path segment, e.g. {@code send}. */
  public String segment() {
    return segment;
  }

  /** True for the commands that name a session and carry a sequence number. */
  public boolean inSession() {
    return this == SEND || this == IDLE || this == CLOSE;
  }

  static Optional<RtmptCommand> fromSegment(String segment) {
    for (RtmptCommand command : values()) {
      if (command.segment.equals(segment)) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }
}
