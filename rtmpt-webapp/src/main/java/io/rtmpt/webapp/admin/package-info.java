/**
 * The admin console, its JSON API and WebSocket, and the Prometheus metrics of one gateway.
 *
 * <p>{@link io.rtmpt.webapp.admin.AdminConsole} composes the parts, each with one job: {@link
 * io.rtmpt.webapp.admin.SessionDirectory} joins tunnels and engine sessions into the console's rows
 * ({@code t-}/{@code e-} ids), {@link io.rtmpt.webapp.admin.ChartHistory} keeps the samples and
 * rates, {@link io.rtmpt.webapp.admin.Warnings} holds the warning rules (a pure function), {@link
 * io.rtmpt.webapp.admin.AdminActions} carries out the operator's actions, {@link
 * io.rtmpt.webapp.admin.AdminService} puts the snapshots together, {@link
 * io.rtmpt.webapp.admin.ConsoleHub} pushes them over the WebSocket and {@link
 * io.rtmpt.webapp.admin.Metrics} exposes the same numbers to Prometheus. Console and metrics read
 * every number at its source ({@link io.rtmpt.webapp.admin.Sources}), never from each other.
 *
 * <p>Security: the container authenticates (web.xml's constraint on {@code /admin/*}, role {@value
 * io.rtmpt.webapp.admin.AdminConfig#ROLE}); {@link io.rtmpt.webapp.admin.AdminSecurityFilter} adds
 * the headers and the anti-CSRF and same-origin checks.
 */
package io.rtmpt.webapp.admin;
