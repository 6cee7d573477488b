package io.rtmpt.webapp.embedded;

/**
 * Why the executable WAR did not start, in one line for the user, with the exit code to end with.
 */
final class StartupFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean logged;

  /**
   * @param exitCode {@link EmbeddedServer#EXIT_CANNOT_START} or {@link
   *     EmbeddedServer#EXIT_BAD_USAGE}
   * @param message the line to print
   * @param logged the line is in the log already (the application logged it): print nothing more
   */
  StartupFailure(int exitCode, String message, boolean logged) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.logged = logged;
  }

  int exitCode() {
    return exitCode;
  }

  boolean logged() {
    return logged;
  }
}
