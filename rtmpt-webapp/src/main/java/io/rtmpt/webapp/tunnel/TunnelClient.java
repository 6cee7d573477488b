package io.rtmpt.webapp.tunnel;

/**
 * Who opened a tunnel: the session id the tunnel got, the client's address and port as the
 * container reports them, its User-Agent header (may be null) and whether it came over TLS.
 */
public record TunnelClient(
    String sessionId, String remoteAddress, int remotePort, String userAgent, boolean secure) {}
