package io.rtmpt.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.session.ConnectionLimitException;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pumps bytes between one TCP channel and its {@link ServerSession}. Everything runs on the
 * channel's event loop; other threads (publishers feeding this player) only schedule a drain.
 * Output follows the channel's writability: when the client reads slowly the channel stops being
 * writable, the session's queue fills, and the session drops frames for this player alone. While
 * the session waits for an access decision ({@link ServerSession#isAdmitting}) the channel stops
 * reading (auto-read off) and resumes at the next drain after the decision.
 */
final class TcpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

  /** Bytes taken from the session per write. */
  static final int WRITE_SIZE = 64 * 1024;

  private final RtmpEngine engine;
  private final Transport transport;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private ChannelHandlerContext ctx;
  private ServerSession session;
  private boolean closing;

  TcpConnection(RtmpEngine engine, Transport transport) {
    this.engine = engine;
    this.transport = transport;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    String remote = address(ctx.channel().remoteAddress());
    try {
      session = engine.openSession(transport, remote, this::scheduleDrain);
    } catch (ConnectionLimitException e) {
      ctx.close();
      return;
    }
    long timeout = engine.config().handshakeTimeout().toMillis();
    ctx.executor()
        .schedule(
            () -> {
              if (session.state() == ServerSession.State.HANDSHAKING
                  || session.state() == ServerSession.State.AWAITING_CONNECT) {
                close("no connect within " + timeout + " ms");
              }
            },
            timeout,
            TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (session == null || closing) {
        return;
      }
      session.onBytes(buf.nioBuffer());
      if (session.isAdmitting()) {
        ctx.channel().config().setAutoRead(false); // resumed by drain once decided
      }
    } catch (RtmpProtocolException e) {
      LOG.warn("{}: closing connection: {}", session.describe(), e.getMessage());
      closeNow();
      return;
    } finally {
      buf.release();
    }
    drain();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      drain();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      close("idle for " + engine.config().idleTimeout().toSeconds() + " s");
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (session != null) {
      session.close("connection closed by peer");
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null) {
      LOG.info("{}: connection error: {}", session.describe(), cause.toString());
      session.close("connection error: " + cause);
    }
    ctx.close();
  }

  private void scheduleDrain() {
    ChannelHandlerContext c = ctx;
    if (c != null && drainScheduled.compareAndSet(false, true)) {
      c.executor()
          .execute(
              () -> {
                drainScheduled.set(false);
                drain();
              });
    }
  }

  /**
   * Writes what the session has while the channel accepts it; closes once a closed session is
   * drained.
   */
  private void drain() {
    if (session == null || closing) {
      return;
    }
    if (!ctx.channel().config().isAutoRead() && !session.isAdmitting()) {
      ctx.channel().config().setAutoRead(true);
    }
    boolean wrote = false;
    while (ctx.channel().isWritable()) {
      byte[] bytes = session.pollOutbound(WRITE_SIZE);
      if (bytes.length == 0) {
        break;
      }
      ctx.write(Unpooled.wrappedBuffer(bytes));
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (session.isClosed() && !session.hasOutbound()) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void close(String reason) {
    if (session != null && !closing) {
      LOG.info("{}: closing connection: {}", session.describe(), reason);
      session.close(reason);
    }
    closeNow();
  }

  private void closeNow() {
    closing = true;
    ctx.close();
  }

  private static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
