package io.rtmpt.webapp.launcher;

import java.util.logging.LogManager;

/**
 * The executable WAR's {@code java.util.logging} manager ({@link WarLauncher} installs it through
 * the system property {@code java.util.logging.manager}): the JDK's own manager resets itself,
 * which removes every handler, from a shutdown hook of its own, and shutdown hooks run at the same
 * time. On SIGTERM or SIGINT that hook raced the server's, which stops Jetty and ends every
 * session: the lines saying which sessions the shutdown ended were lost. This manager ignores that
 * reset; the console handler writes each record as it comes, so nothing is left to flush at exit.
 */
public final class ShutdownLogManager extends LogManager {
  private static final String CLEANER = LogManager.class.getName() + "$Cleaner";

  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().equals(CLEANER)) {
      return;
    }
    super.reset();
  }
}
