package io.rtmpt.webapp.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Plain RTMP over TCP: every queued packet is written at once (TCP_NODELAY). A flat-out publisher
 * is refilled while the channel is writable, at most {@link #FILLS_PER_TURN} buffers per turn of
 * the event loop so that acknowledgements are still read.
 */
final class TcpClientHandler extends ClientHandler {
  /** Bytes a flat-out publisher queues per fill, as much as one RTMPT post carries in B1. */
  static final int FILL_BYTES = 64 * 1024;

  private static final int FILLS_PER_TURN = 16;

  TcpClientHandler(Role role, LoadMetrics metrics) {
    super(role, metrics);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    session.start();
    pump();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      metrics.received(in.readableBytes());
      session.onBytes(in.nioBuffer());
    } catch (RtmpProtocolException e) {
      fail("protocol", e.getMessage());
      return;
    } finally {
      in.release();
    }
    pump();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    pump();
  }

  @Override
  void pump() {
    if (isClosing()) {
      return;
    }
    MediaSource flatOut = session.commands().flatOutSource();
    if (flatOut == null) {
      writeQueued();
      return;
    }
    for (int i = 0; i < FILLS_PER_TURN && ctx.channel().isWritable(); i++) {
      flatOut.fill(session, FILL_BYTES);
      writeQueued();
    }
    if (ctx.channel().isWritable()) {
      ctx.executor().execute(this::pump);
    }
  }

  private void writeQueued() {
    if (!session.hasOutbound()) {
      return;
    }
    byte[] packet;
    while ((packet = session.takePacket()) != null) {
      metrics.sent(packet.length);
      ctx.write(Unpooled.wrappedBuffer(packet));
    }
    ctx.flush();
  }

  @Override
  void closeGracefully() {
    ctx.executor().execute(this::closeNow);
  }
}
