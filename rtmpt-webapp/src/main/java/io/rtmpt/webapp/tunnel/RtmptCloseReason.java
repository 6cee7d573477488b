package io.rtmpt.webapp.tunnel;

/** Why a tunnel session ended. */
public enum RtmptCloseReason {
  /** The client posted {@code /close}. */
  CLIENT_CLOSE,
  /** No request for {@code rtmpt.session-timeout-ms}. */
  SESSION_TIMEOUT,
  /** The peer closed on its own (backend refused or dropped) and its last bytes were delivered. */
  PEER_CLOSED,
  /** The peer threw on write or read, or failed with an I/O error. */
  PEER_FAILED,
  /**
   * The peer refused the client's bytes as a protocol violation (a {@code ProtocolException} from
   * {@link TunnelPeer#write}): the client's fault, not the peer's.
   */
  PROTOCOL_ERROR,
  /** A request waited longer than {@code rtmpt.reorder-timeout-ms} for its predecessors. */
  REORDER_TIMEOUT,
  /**
   * A send taken as lost (its client had moved on to a new connection, see {@link RequestOrder})
   * arrived after later bytes had been fed: its bytes could no longer be fed in order.
   */
  OUT_OF_ORDER,
  /** Closed through {@link RtmptSessionRegistry#close(String)}, e.g. from the admin console. */
  ADMIN,
  /**
   * Closed at the end of a drain ({@link RtmptSessionRegistry#closeAll}): the grace period and the
   * time given to its client to disconnect were over.
   */
  DRAIN,
  /** The registry was closed (undeploy or shutdown). */
  SHUTDOWN
}
