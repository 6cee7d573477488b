package io.rtmpt.engine.session;

import java.io.IOException;

/**
 * A new connection was refused: the engine already serves its maximum, or refuses new sessions for
 * now (a server being drained); the message says which.
 */
public class ConnectionLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  public ConnectionLimitException(String message) {
    super(message);
  }
}
