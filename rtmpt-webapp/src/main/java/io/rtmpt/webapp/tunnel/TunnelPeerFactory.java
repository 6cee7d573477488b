package io.rtmpt.webapp.tunnel;

import java.io.IOException;

/** Opens the peer of a new tunnel: the in-process engine or a connection to a backend server. */
public interface TunnelPeerFactory {
  /**
   * Opens a peer for a tunnel being created.
   *
   * @param client who asked (for logs, limits and the admin console)
   * @param onReadable called from any thread, possibly under the peer's own locks, whenever {@link
   *     TunnelPeer#read} may return more bytes or the peer has closed; it must not block and must
   *     not call back into the peer's {@code write} or {@code close}
   * @throws IOException the peer cannot be opened (backend unreachable, connection limit): the
   *     client's {@code /open/1} gets {@link RtmptErrorKind#PEER_UNAVAILABLE}
   */
  TunnelPeer open(TunnelClient client, Runnable onReadable) throws IOException;
}
