package io.rtmpt.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.session.ConnectionLimitException;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
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
 *
 * <p>Time: the event loop ticks the session ({@link ServerSession#tick}) every {@code
 * EngineConfig.tickInterval()}; the session decides on the handshake timeout and on pings, and when
 * it closes itself the next drain closes the channel.
 *
 * <p>Logging: the session logs one line when it closes, with the reason (a protocol error, the
 * peer's close, a connection error, a timeout); this class adds none of its own, and never a stack
 * trace for what a peer did.
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
  private ScheduledFuture<?> ticks;
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
    long every = engine.config().tickInterval().toMillis();
    ticks =
        ctx.executor()
            .scheduleWithFixedDelay(
                () -> {
                  session.tick();
                  drain();
                },
                every,
                every,
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
      closeNow(); // the session closed itself and logged the reason
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
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ticks != null) {
      ticks.cancel(false);
    }
    if (session != null) {
      session.close("connection closed by peer");
    }
    super.channelInactive(ctx);
  }

  /**
   * A failure of the connection or of TLS (a reset, a bad TLS record or handshake): the session
   * closes with the cause as its reason, in one line without a stack trace.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null) {
      session.close("connection error: " + describe(cause));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{}: connection error: {}", address(ctx.channel().remoteAddress()), describe(cause));
    }
    ctx.close();
  }

  /** "SSLHandshakeException: no cipher suites in common": the innermost cause, named briefly. */
  static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
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
      ByteBuffer bytes = session.pollOutbound(WRITE_SIZE, 0);
      if (!bytes.hasRemaining()) {
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
