package io.rtmpt.webapp.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.rtmpt.webapp.bridge.BackendPeerFactory.BackendTunnelStats;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnel's backend connection, and its flow control: bytes read from the backend are buffered
 * until the client's requests fetch them ({@link #read}); once {@code maxBufferedBytes} wait, the
 * connection stops reading (Netty auto-read off) until the client catches up, so a slow client
 * slows its backend instead of filling the heap. Client bytes go to the backend on the channel's
 * event loop, with the write timeout as the bound on a backend that takes nothing ({@link #write}).
 * Made by {@link BackendPeerFactory#open}; logs under the factory's logger.
 */
final class BackendPeer implements TunnelPeer {
  private static final Logger LOG = LoggerFactory.getLogger(BackendPeerFactory.class);

  private final BackendPeerFactory factory;
  private final int maxBufferedBytes;
  private final int writeTimeoutMillis;
  private final String backend;
  private final Runnable listener;
  private final Runnable onClose;
  private final ArrayDeque<byte[]> buffered = new ArrayDeque<>();
  private int bufferedBytes;
  private int peakBufferedBytes;
  private long bytesFromBackend;
  private long bytesToBackend;
  private boolean paused;
  private int headOffset;
  private boolean backendClosed;
  private volatile Channel channel;

  BackendPeer(BackendPeerFactory factory, Runnable listener, Runnable onClose) {
    this.factory = factory;
    this.maxBufferedBytes = factory.maxBufferedBytes;
    this.writeTimeoutMillis = factory.writeTimeoutMillis;
    this.backend = factory.backend();
    this.listener = listener;
    this.onClose = onClose;
  }

  BackendTunnelStats stats() {
    Channel c = channel;
    ChannelOutboundBuffer outbound = c == null ? null : c.unsafe().outboundBuffer();
    long queued = outbound == null ? 0 : outbound.totalPendingWriteBytes();
    synchronized (this) {
      return new BackendTunnelStats(
          bytesFromBackend,
          bytesToBackend,
          queued,
          bufferedBytes,
          peakBufferedBytes,
          paused,
          backendClosed);
    }
  }

  void connected(Channel channel) {
    this.channel = channel;
  }

  ChannelInboundHandlerAdapter handler() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
          byte[] bytes = new byte[buf.readableBytes()];
          buf.readBytes(bytes);
          synchronized (BackendPeer.this) {
            buffered.add(bytes);
            bufferedBytes += bytes.length;
            bytesFromBackend += bytes.length;
            peakBufferedBytes = Math.max(peakBufferedBytes, bufferedBytes);
            paused |= bufferedBytes >= maxBufferedBytes;
          }
          applyReading(ctx.channel());
        } finally {
          buf.release();
        }
        listener.run();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        synchronized (BackendPeer.this) {
          backendClosed = true;
        }
        LOG.debug("backend {} closed the connection", backend);
        listener.run();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("backend {} connection error: {}", backend, cause.toString());
        ctx.close();
      }
    };
  }

  /**
   * Makes the channel read, or not, as {@code paused} says now. Runs on the channel's event loop
   * only, so the last call always sees the last decision: {@link #read} may clear {@code paused} on
   * another thread at any moment, including between a {@code channelRead} setting it and this call,
   * and then schedules this call again.
   */
  private void applyReading(Channel c) {
    boolean pause;
    synchronized (this) {
      pause = paused;
    }
    if (c.config().isAutoRead() == pause) {
      c.config().setAutoRead(!pause);
    }
  }

  /**
   * Passes the client's bytes on. Once the connection has closed they have nowhere to go: while the
   * client has not yet read everything the backend sent (the rest of a stream, or the status
   * message of a rejection just before the backend hung up) they are dropped, so that the reply
   * carries those bytes and the tunnel ends on a later request; once nothing is left to deliver it
   * throws.
   *
   * <p>When the connection is over Netty's high water mark after this write (the backend takes less
   * than the client sends), waits until the bytes are written to the socket; if they are not within
   * the write timeout the backend is taken as stuck and it throws.
   */
  @Override
  public void write(ByteBuffer bytes) throws IOException {
    Channel c = channel;
    synchronized (this) {
      if (backendClosed || c == null || !c.isActive()) {
        if (bufferedBytes > 0) {
          LOG.debug(
              "backend {} closed: {} client bytes dropped, {} backend bytes still to deliver",
              backend,
              bytes.remaining(),
              bufferedBytes);
          bytes.position(bytes.limit());
          return;
        }
        throw new IOException("backend " + backend + " connection is closed");
      }
      bytesToBackend += bytes.remaining();
    }
    factory.bytesToBackend.add(bytes.remaining());
    // The write runs on the connection's event loop: writing from the container's thread
    // would leave Netty's thread-locals (its recycler) on that thread, which Tomcat reports
    // as a leak when the application is undeployed. The loop also reports whether the
    // connection is still under its high water mark once the bytes are queued.
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    ChannelPromise written = c.newPromise();
    CompletableFuture<Boolean> queued = new CompletableFuture<>();
    try {
      c.eventLoop()
          .execute(
              () -> {
                c.writeAndFlush(Unpooled.wrappedBuffer(copy), written);
                queued.complete(c.isWritable());
              });
    } catch (RejectedExecutionException e) {
      throw new IOException("backend bridge is shutting down", e);
    }
    boolean writable;
    try {
      writable = queued.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException("backend " + backend + " connection did not take the write", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing to backend " + backend, e);
    }
    if (writable) {
      return;
    }
    if (!written.awaitUninterruptibly(writeTimeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IOException(
          "backend "
              + backend
              + " took no data for "
              + writeTimeoutMillis
              + " ms; "
              + stats().queuedToBackend()
              + " bytes waiting");
    }
    // A failed write closes the connection: the next request finds the tunnel over.
  }

  @Override
  public byte[] read(int maxBytes) {
    boolean resume;
    byte[] out;
    synchronized (this) {
      if (bufferedBytes == 0) {
        return new byte[0];
      }
      int n = Math.min(maxBytes, bufferedBytes);
      out = new byte[n];
      int pos = 0;
      while (pos < n) {
        byte[] head = buffered.peek();
        int take = Math.min(n - pos, head.length - headOffset);
        System.arraycopy(head, headOffset, out, pos, take);
        pos += take;
        headOffset += take;
        if (headOffset == head.length) {
          buffered.poll();
          headOffset = 0;
        }
      }
      bufferedBytes -= n;
      factory.bytesToClients.add(n);
      resume = paused && bufferedBytes < maxBufferedBytes;
      if (resume) {
        paused = false;
      }
    }
    Channel c = channel;
    if (resume && c != null) {
      try {
        c.eventLoop().execute(() -> applyReading(c));
      } catch (RejectedExecutionException e) {
        // the bridge is shutting down and closes this connection anyway
      }
    }
    return out;
  }

  @Override
  public synchronized boolean isClosed() {
    return backendClosed && bufferedBytes == 0;
  }

  @Override
  public void close() {
    onClose.run();
    Channel c = channel;
    if (c != null) {
      c.close();
    }
  }
}
