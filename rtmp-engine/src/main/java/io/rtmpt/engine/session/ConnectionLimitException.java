package io.rtmpt.engine.session;

import java.io.IOException;

/** A new connection was refused because the engine already serves its maximum. */
public class ConnectionLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  public ConnectionLimitException(String message) {
    super(message);
  }
}
