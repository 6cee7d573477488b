package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.config.Settings;

/**
 * Settings of the admin console, API and metrics, read like every other setting (context parameter,
 * environment variable, system property, default).
 *
 * @param metricsPublic whether {@code /metrics} answers without authentication ({@code
 *     rtmpt.metrics-public}); by default it needs a user in role {@value #ROLE} like the console
 */
public record AdminConfig(boolean metricsPublic) {
  public static final String METRICS_PUBLIC = "rtmpt.metrics-public";
  public static final boolean DEFAULT_METRICS_PUBLIC = false;

  /** The role web.xml requires for the console, the API, its WebSocket and (by default) metrics. */
  public static final String ROLE = "rtmpt-admin";

  public static AdminConfig from(Settings settings) {
    return new AdminConfig(settings.getBoolean(METRICS_PUBLIC, DEFAULT_METRICS_PUBLIC));
  }
}
