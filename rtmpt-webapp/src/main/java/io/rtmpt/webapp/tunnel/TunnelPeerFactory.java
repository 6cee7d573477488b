package io.rtmpt.webapp.tunnel;

/**
 * Opens a peer for a new tunnel. client describes who asked (for logs, limits and the admin
 * console).
 */
public interface TunnelPeerFactory {
  TunnelPeer open(TunnelClient client) throws java.io.IOException;
}
