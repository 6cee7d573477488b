package io.rtmpt.webapp.admin;

/**
 * Counts since the application started.
 *
 * @param bytesIn bytes received from clients (in backend mode: the bytes passed to the backend)
 * @param bytesOut bytes sent to clients (in backend mode: the backend bytes fetched for them)
 * @param sessionsOpened engine sessions opened, all transports
 * @param tunnelsOpened RTMPT tunnels opened
 * @param tunnelRequests RTMPT requests
 * @param tunnelErrors RTMPT requests not answered with 200 and data
 * @param engineErrors engine sessions refused at the limit or closed for protocol violations
 * @param droppedFrames frames dropped for slow players
 * @param accessRefused connects, publishes and plays refused by access control
 */
public record Totals(
    long bytesIn,
    long bytesOut,
    long sessionsOpened,
    long tunnelsOpened,
    long tunnelRequests,
    long tunnelErrors,
    long engineErrors,
    long droppedFrames,
    long accessRefused) {}
