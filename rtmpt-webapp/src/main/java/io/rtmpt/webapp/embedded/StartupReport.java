package io.rtmpt.webapp.embedded;

import static io.rtmpt.webapp.GatewayBootstrap.NOT_STARTED;
import static io.rtmpt.webapp.embedded.EmbeddedServer.EXIT_BAD_USAGE;
import static io.rtmpt.webapp.embedded.EmbeddedServer.EXIT_CANNOT_START;

import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * How the executable reports a failed start in one line: the web application's own message when it
 * failed (the gateway's, naming a setting), rewritten to name the flag that sets it ({@code
 * --rtmp-port}, not {@code rtmpt.rtmp-port}), else the root cause's; the exit code it deserves
 * ({@link EmbeddedServer#EXIT_BAD_USAGE} for a bad setting, else {@link
 * EmbeddedServer#EXIT_CANNOT_START}); and the log filters that keep Jetty's stack and the gateway's
 * own line from repeating that line ({@link #configureLogging}).
 */
final class StartupReport {
  /** The settings this executable sets from its flags, as the flags name them. */
  private static final Map<String, String> FLAGS_OF_SETTINGS =
      Map.ofEntries(
          Map.entry("rtmpt.rtmps-port", "--rtmps-port"),
          Map.entry("rtmpt.rtmp-port", "--rtmp-port"),
          Map.entry("rtmpt.rtmp-host", "--host"),
          Map.entry("rtmpt.rtmps-host", "--host"),
          Map.entry("rtmpt.rtmps-keystore-password", "--keystore-password"),
          Map.entry("rtmpt.rtmps-keystore", "--keystore"),
          Map.entry("rtmpt.rtmps-certificate", "--tls-cert"),
          Map.entry("rtmpt.rtmps-private-key-password", "--tls-key-password"),
          Map.entry("rtmpt.rtmps-private-key", "--tls-key"),
          Map.entry("rtmpt.node-id", "--node-id"),
          Map.entry("rtmpt.backend", "--backend"));

  /**
   * Jetty logs a failed application start at WARN with the exception's stack; when the exception is
   * the gateway's own (a bad setting, a taken port), the gateway has logged the one line that says
   * it all and the stack says nothing more: {@link #configureLogging()} filters that record. Held
   * here because java.util.logging keeps loggers weakly.
   */
  private static final Logger WEBAPP_LOG =
      Logger.getLogger("org.eclipse.jetty.ee10.webapp.WebAppContext");

  /**
   * The gateway logs its startup failure as one line naming the setting; the executable prints the
   * same line with the flag that sets it instead ({@code --rtmp-port}, not {@code
   * rtmpt.rtmp-port}), so it filters the gateway's record and prints its own: one line either way.
   */
  private static final Logger GATEWAY_LOG = Logger.getLogger("io.rtmpt.webapp.GatewayBootstrap");

  private StartupReport() {}

  /**
   * The failure of the application's start: a bad setting exits {@value #EXIT_BAD_USAGE}, anything
   * else {@value #EXIT_CANNOT_START}; its one line names the flags rather than the settings they
   * set.
   */
  static StartupFailure failed(Throwable cause) {
    if (cause == null) {
      return new StartupFailure(
          EXIT_CANNOT_START, "the web application did not start (see the log above)", false);
    }
    boolean badSetting = false;
    boolean gateway = false;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      badSetting |= t instanceof IllegalArgumentException;
      gateway |= reportedByGateway(t);
    }
    // The gateway's own line was filtered (configureLogging): print it, with the flags' names.
    return new StartupFailure(
        badSetting && gateway ? EXIT_BAD_USAGE : EXIT_CANNOT_START, oneLine(cause), false);
  }

  /** The gateway's own startup failure, whose one line it has logged (GatewayBootstrap). */
  private static boolean reportedByGateway(Throwable t) {
    return t.getMessage() != null && t.getMessage().startsWith(NOT_STARTED);
  }

  /**
   * One line for a startup failure: the web application's own message when it failed (a setting
   * named by its flag), else the root cause's.
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith(NOT_STARTED)) {
        return asFlags(t.getMessage().substring(NOT_STARTED.length())).replace('\n', ' ');
      }
      root = t;
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replace('\n', ' ');
  }

  /**
   * Writes the settings the flags set as the flags: {@code rtmpt.rtmps-port} as {@code
   * --rtmps-port}.
   */
  private static String asFlags(String message) {
    String out = message;
    for (Map.Entry<String, String> e : FLAGS_OF_SETTINGS.entrySet()) {
      out = out.replaceAll("\\b" + Pattern.quote(e.getKey()) + "\\b(?![-.])", e.getValue());
    }
    return out;
  }

  static void configureLogging() {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s [%3$s] %5$s%6$s%n");
    }
    WEBAPP_LOG.setFilter(
        record -> {
          for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (reportedByGateway(t)) {
              return false;
            }
            if (t.getCause() == t) {
              break;
            }
          }
          return true;
        });
    GATEWAY_LOG.setFilter(
        record -> record.getMessage() == null || !record.getMessage().startsWith(NOT_STARTED));
  }
}
