package io.rtmpt.webapp.launcher;

import java.util.logging.LogManager;

/**
 * The executable WAR's {@code java.util.logging} manager (every log line of Jetty and the
 * application goes through it): the JDK's, except that it keeps its handlers when the JVM shuts
 * down. The JDK's manager closes them in a shutdown hook of its own, which runs at the same time as
 * the server's hook, so that what the server logs while it stops on SIGTERM (the drain: new tunnels
 * refused, sessions told and closed) would be lost. {@link WarLauncher} installs it through the
 * system property {@code java.util.logging.manager} before anything logs.
 */
public final class ShutdownLogManager extends LogManager {
  private static final String CLEANER = LogManager.class.getName() + "$Cleaner";

  /** Resets as the JDK's manager does, unless called by the JDK's shutdown hook. */
  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().equals(CLEANER)) {
      return;
    }
    super.reset();
  }
}
