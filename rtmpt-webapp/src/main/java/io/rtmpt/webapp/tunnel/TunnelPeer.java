package io.rtmpt.webapp.tunnel;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The far side of one tunnel: the in-process RTMP engine or a TCP connection to a backend RTMP
 * server. Bytes only. A peer is opened by its {@link TunnelPeerFactory} with the listener it calls
 * whenever {@link #read} may return more bytes or the peer has closed.
 */
public interface TunnelPeer {
  /**
   * Client-to-server bytes, in order; consumes {@code bytes} entirely.
   *
   * @throws ProtocolException the peer refused the bytes as a protocol violation by the client (the
   *     engine's {@code RtmpProtocolException} is one): the tunnel is closed and counted as a
   *     protocol error
   * @throws IOException the peer is gone or failed: the tunnel is closed and counted as a peer
   *     failure
   */
  void write(ByteBuffer bytes) throws IOException;

  /**
   * Server-to-client bytes that are ready now, or an empty array; never blocks. At most {@code
   * maxBytes}, with one exception: a peer that hands over whole RTMP messages (the in-process
   * engine) stops before a message that would cross {@code maxBytes}, unless it has taken nothing
   * yet, so a single message larger than {@code maxBytes} comes alone. A byte-stream peer (the
   * backend bridge) never returns more than {@code maxBytes}.
   */
  byte[] read(int maxBytes);

  /**
   * As {@link #read(int)}, into a fresh heap buffer whose array (offset 0, the caller's to keep)
   * has {@code headroom} free bytes before the data: position {@code headroom}, limit the end of
   * the data; nothing ready: position = limit = {@code headroom}. The tunnel reads with headroom 1
   * and writes the polling byte there, so a reply reaches the container as one array without
   * another copy. This default copies {@link #read(int)}'s array once; the engine's peer encodes
   * straight into the buffer.
   */
  default ByteBuffer read(int maxBytes, int headroom) {
    byte[] data = read(maxBytes);
    byte[] out = new byte[headroom + data.length];
    System.arraycopy(data, 0, out, headroom, data.length);
    return ByteBuffer.wrap(out).position(headroom);
  }

  /** True once the peer has closed AND every byte it produced has been read. */
  boolean isClosed();

  /** Ends the peer (unpublishes, closes the backend connection); idempotent. */
  void close();

  /**
   * The id of the engine session behind this tunnel, for the admin console; empty for a peer that
   * is not an engine session (a backend connection).
   */
  default OptionalLong engineSessionId() {
    return OptionalLong.empty();
  }
}
