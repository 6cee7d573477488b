package io.rtmpt.webapp.tunnel;

import java.time.Instant;

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
    State state) {

  /** What a session is doing. */
  public enum State {
    /** No request in progress: waiting for the client's next one. */
    WAITING,
    /** A request is being processed. */
    PROCESSING,
    /** An empty {@code /idle} is held until data comes or the hold ends. */
    HOLDING,
    /** Ended; the snapshot was taken just before the session was removed. */
    CLOSED
  }
}
