/**
 * Health and drain: the unauthenticated {@code /healthz} and {@code /readyz} endpoints ({@link
 * io.rtmpt.webapp.health.HealthServlet}, {@link io.rtmpt.webapp.health.Health}) and the {@link
 * io.rtmpt.webapp.health.Drain} that takes a node out of a load balancer's rotation without cutting
 * its running sessions: new tunnels refused, the running ones given a grace period, then their
 * clients told and the rest closed. Acts on the gateway's tunnels and upstream through {@link
 * io.rtmpt.webapp.health.GatewaySessions}.
 */
package io.rtmpt.webapp.health;
