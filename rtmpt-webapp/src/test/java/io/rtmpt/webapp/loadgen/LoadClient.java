package io.rtmpt.webapp.loadgen;

import java.util.concurrent.CompletableFuture;

/**
 * One generated client (an RTMPT tunnel or a plain RTMP connection), as the benchmark sees it:
 * futures for "its role is under way" and "its connection is closed", and a graceful close.
 */
public final class LoadClient {
  private final ClientHandler handler;

  LoadClient(ClientHandler handler) {
    this.handler = handler;
  }

  /**
   * Completes when the role is under way (connected, publishing or playing); completes
   * exceptionally when the connection failed first (the error is also counted in {@link
   * LoadMetrics}).
   */
  public CompletableFuture<Void> ready() {
    return handler.ready;
  }

  /** Completes when the connection is closed, for whatever reason. */
  public CompletableFuture<Void> closed() {
    return handler.closed;
  }

  /**
   * Bytes the server acknowledged having consumed from this client (RTMP Acknowledgement messages,
   * every {@value RtmpClientSession#ACK_WINDOW} bytes).
   */
  public long acknowledgedBytes() {
    return handler.session.acknowledgedBytes();
  }

  /** Ends the client as the real one would (RTMPT: {@code /close}, then the connection). */
  public void close() {
    if (handler.ctx != null) {
      handler.closeGracefully();
    }
  }
}
