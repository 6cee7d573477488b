package io.rtmpt.webapp.admin;

/**
 * Something an operator should know about, shown on the console's overview.
 *
 * @param level {@code error} (clients fail now), {@code warning} (clients may fail) or {@code info}
 *     (a setting worth knowing)
 * @param code a stable identifier for scripts, e.g. {@code keep-alive-limit}
 * @param message one sentence saying what, why it matters and what to do
 */
public record Warning(String level, String code, String message) {
  static Warning error(String code, String message) {
    return new Warning("error", code, message);
  }

  static Warning warning(String code, String message) {
    return new Warning("warning", code, message);
  }

  static Warning info(String code, String message) {
    return new Warning("info", code, message);
  }
}
