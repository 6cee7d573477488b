package io.rtmpt.webapp.admin;

/**
 * One setting as the application uses it.
 *
 * @param name the setting, e.g. {@code rtmpt.idle-hold-ms}
 * @param value its effective value
 * @param source where it came from ("built-in default", "environment variable RTMPT_...", ...)
 */
public record ConfigEntry(String name, String value, String source) {}
