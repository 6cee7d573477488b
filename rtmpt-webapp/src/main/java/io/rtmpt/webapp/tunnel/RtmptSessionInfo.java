package io.rtmpt.webapp.tunnel;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * An immutable snapshot of one tunnel session, for the admin console.
 *
 * @param id the session id
 * @param remoteAddress the client's address as the container reports it
 * @param remotePort the client's port of the {@code /open/1} request
 * @param userAgent the User-Agent of {@code /open/1}, or null
 * @param secure whether {@code /open/1} came over TLS
 * @param created when {@code /open/1} was answered
 * @param lastActivity when the last request arrived or finished
 * @param bytesIn tunnelled client-to-server bytes fed to the peer
 * @param bytesOut tunnelled server-to-client bytes delivered, polling bytes not counted
 * @param requests send, idle and close requests received, duplicates included
 * @param state what the session is doing now
 * @param engineSessionId the engine session behind the tunnel ({@link
 *     TunnelPeer#engineSessionId()}), empty when the peer is not one
 */
public record RtmptSessionInfo(
    String id,
    String remoteAddress,
    int remotePort,
    String userAgent,
    boolean secure,
    Instant created,
    Instant lastActivity,
    long bytesIn,
    long bytesOut,
    long requests,
    State state,
    OptionalLong engineSessionId) {

  /**
   * What a session is doing: its turn, which says who may use the peer now. The session moves
   * between these states as its class documentation draws it; the console and the API show them by
   * these names, lower case.
   */
  public enum State {
    /** No request in progress: waiting for the client's next one. */
    WAITING,
    /** A request has the turn and is being processed. */
    PROCESSING,
    /** An empty {@code /idle} keeps the turn: held until data comes or the hold ends. */
    HOLDING,
    /** Ended (final); the snapshot was taken just before the session was removed. */
    CLOSED
  }
}
