package io.rtmpt.webapp.tunnel;

/**
 * The far side of one tunnel: the in-process RTMP engine or a TCP connection to a backend RTMP
 * server. Bytes only.
 */
public interface TunnelPeer {
  /**
   * Client-to-server bytes, in order. IOException = peer gone or it rejected the bytes: the tunnel
   * session is then closed.
   */
  void write(java.nio.ByteBuffer bytes) throws java.io.IOException;

  /**
   * Server-to-client bytes that are ready now, or an empty array; never blocks. At most {@code
   * maxBytes}, with one exception: a peer that hands over whole RTMP messages (the in-process
   * engine) stops before a message that would cross {@code maxBytes}, unless it has taken nothing
   * yet, so a single message larger than {@code maxBytes} comes alone. A byte-stream peer (the
   * backend bridge) never returns more than {@code maxBytes}.
   */
  byte[] read(int maxBytes);

  /** True once the peer has closed AND every byte it produced has been read. */
  boolean isClosed();

  /** Called from any thread whenever read() may return more bytes or the peer has closed. */
  void setListener(Runnable onReadable);

  /** Ends the peer (unpublishes, closes the backend connection); idempotent. */
  void close();
}
