package io.rtmpt.webapp.tunnel;

/**
 * Why a request was not answered with 200 and data, and the HTTP status it got. Counted by the
 * registry.
 */
public enum RtmptErrorKind {
  /** Not {@code POST}; answered with {@code Allow: POST}. */
  METHOD_NOT_ALLOWED(405),
  /** A path that is none of the RTMPT paths ({@link RtmptPath}). */
  NOT_AN_RTMPT_PATH(404),
  /** Body (declared or actual) over {@code rtmpt.max-request-bytes}. */
  BODY_TOO_LARGE(413),
  /** {@code /fcs/ident2} while no ident2 response is configured: the FMS and Red5 answer. */
  IDENT2_NOT_CONFIGURED(404),
  /** {@code /open/1} refused: {@code rtmpt.max-sessions} sessions are open. */
  SESSION_LIMIT(503),
  /**
   * {@code /open/1} refused: the client's address has {@code rtmpt.max-sessions-per-address}
   * sessions.
   */
  ADDRESS_LIMIT(503),
  /** {@code /open/1} refused: the registry is shutting down. */
  SHUTTING_DOWN(503),
  /**
   * {@code /open/1} refused: the node is being drained ({@link
   * RtmptSessionRegistry#refuseNewSessions}), so that a load balancer sends new tunnels to another
   * node; the running ones continue.
   */
  DRAINING(503),
  /** {@code /open/1} failed: the peer factory could not open a peer (backend unreachable). */
  PEER_UNAVAILABLE(502),
  /** A session id that is not (or no longer) open. */
  UNKNOWN_SESSION(404),
  /**
   * The peer threw on write or read: the session was closed. 404 rather than 500: the tunnel no
   * longer exists, which is what every later request of it is told too; ffmpeg and rtmpdump end a
   * {@code /send} the same way on either status (exit code 1; ffmpeg then posts {@code /close},
   * which gets 404 anyway), and a 500 would make a backend that rejects a stream look like a server
   * bug in access logs and monitoring.
   */
  PEER_FAILED(404),
  /**
   * The peer refused the request's bytes as a protocol violation by the client (the engine's RTMP
   * decoder failed on them): the session was closed. 404 for the reasons given at {@link
   * #PEER_FAILED}; counted apart so that a misbehaving client is not taken for a failing peer.
   */
  PROTOCOL_ERROR(404),
  /** The peer had closed and every byte it produced had been delivered: the session was closed. */
  PEER_CLOSED(404),
  /** The request waited for the session and the session ended meanwhile. */
  SESSION_ENDED(404),
  /** A sequence number more than {@code rtmpt.reorder-window} ahead of the expected one. */
  SEQUENCE_OUT_OF_WINDOW(400),
  /**
   * A request's predecessors did not arrive within {@code rtmpt.reorder-timeout-ms}: the session
   * was failed.
   */
  REORDER_TIMEOUT(404),
  /**
   * A send whose number had been taken as lost arrived after later bytes were fed: the session was
   * closed ({@link RtmptCloseReason#OUT_OF_ORDER}).
   */
  OUT_OF_ORDER(404),
  /**
   * A sequence number already processed or already waiting: answered 200 with only the polling
   * byte, its body not fed, no tunnelled bytes taken from the peer; counted here for diagnosis. Not
   * 400: every client treats a non-200 as the end of the session (rtmpdump even exits 0 on a failed
   * idle), while a retried request that is not fed again is harmless.
   */
  DUPLICATE_SEQUENCE(200),
  /** The container's async timeout fired before the tunnel answered; never expected (503). */
  INTERNAL_TIMEOUT(503);

  private final int status;

  RtmptErrorKind(int status) {
    this.status = status;
  }

  /** The HTTP status the request gets. */
  public int status() {
    return status;
  }
}
