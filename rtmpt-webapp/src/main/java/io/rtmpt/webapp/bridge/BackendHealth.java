package io.rtmpt.webapp.bridge;

/**
 * The last TCP connect check of the backend RTMP server.
 *
 * @param address host:port of the backend
 * @param reachable whether the last check connected
 * @param checkedAt when it ran (epoch millis); 0 before the first check
 * @param connectMillis how long the connect took, or -1 when it failed
 * @param error why it failed, or null
 */
public record BackendHealth(
    String address, boolean reachable, long checkedAt, long connectMillis, String error) {}
