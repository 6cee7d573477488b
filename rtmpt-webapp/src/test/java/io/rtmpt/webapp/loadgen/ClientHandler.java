package io.rtmpt.webapp.loadgen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * What the TCP and the RTMPT transport share: the {@link RtmpClientSession}, the futures a {@link
 * LoadClient} exposes, and error accounting (every failure is counted in {@link LoadMetrics} and
 * ends the connection; other clients go on). Subclasses move the bytes ({@link #pump}).
 *
 * <p>All methods run on the channel's event loop.
 */
abstract class ClientHandler extends ChannelInboundHandlerAdapter implements CommandFlow.Events {
  final RtmpClientSession session;
  final LoadMetrics metrics;
  final CompletableFuture<Void> ready = new CompletableFuture<>();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  volatile ChannelHandlerContext ctx;
  private boolean closing;

  ClientHandler(Role role, LoadMetrics metrics) {
    this.session = new RtmpClientSession(role, this);
    this.metrics = metrics;
  }

  /** Sends what the session has queued, as the transport's client behaviour says. */
  abstract void pump();

  /** Ends the connection the way the client would (RTMPT: a {@code /close} first). */
  abstract void closeGracefully();

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void ready() {
    ready.complete(null);
  }

  @Override
  public void failed(String reason) {
    fail("refused", reason);
  }

  @Override
  public void outputReady() {
    pump();
  }

  @Override
  public EventExecutor executor() {
    return ctx.executor();
  }

  /** Counts an error of {@code kind} and ends this connection. */
  void fail(String kind, String message) {
    if (closing) {
      return;
    }
    metrics.error(kind, message);
    ready.completeExceptionally(new IllegalStateException(kind + ": " + message));
    closeNow();
  }

  /** Closes the channel without further ado; not an error. */
  void closeNow() {
    closing = true;
    session.close();
    ctx.close();
  }

  boolean isClosing() {
    return closing;
  }

  /** Marks the coming close as wanted (no error when the server answers it by closing). */
  void closingWanted() {
    closing = true;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail("exception", cause.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!closing) {
      closing = true;
      metrics.error("closed by server", String.valueOf(ctx.channel()));
      ready.completeExceptionally(new IllegalStateException("connection closed by the server"));
    }
    session.close();
    closed.complete(null);
  }
}
