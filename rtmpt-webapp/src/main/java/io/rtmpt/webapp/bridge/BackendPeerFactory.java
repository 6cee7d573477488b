package io.rtmpt.webapp.bridge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rtmpt.engine.handshake.HandshakePolicy;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.config.BackendRtmpe;
import io.rtmpt.webapp.config.WebappConfig;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend bridge: each tunnel is one TCP connection to a backend RTMP server (nginx-rtmp, SRS,
 * Wowza...), bytes passed untouched both ways. When the tunnel's buffer of backend bytes reaches
 * its limit the backend is no longer read (TCP flow control then slows the backend down) until the
 * client has fetched them; the buffer never holds more than the limit plus one socket read ({@value
 * #MAX_READ_BYTES} bytes). The other way, a {@code /send} whose bytes the backend does not take
 * waits for it (up to {@value #DEFAULT_WRITE_TIMEOUT_MILLIS} ms, then the tunnel fails), so at most
 * one request body per tunnel waits in memory and a publisher is slowed down to the backend's pace,
 * as it would be over TCP.
 *
 * <p>With {@link #withRtmpe RTMPE handling} each tunnel's first byte (the client's C0) is looked
 * at: a type {@code rtmpt.handshake-types} refuses ends the tunnel, and an RTMPE client is
 * terminated here ({@link RtmpeTermination}) unless {@code rtmpt.backend-rtmpe=pass}; plain clients
 * pass untouched.
 *
 * <p>{@link #tunnel(String)} and {@link #openConnections()} show what each tunnel's connection is
 * doing (for the admin console, and for tests that check the buffer bound and that no connection
 * outlives its tunnel).
 */
public final class BackendPeerFactory implements TunnelPeerFactory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackendPeerFactory.class);

  /** The most one read from a backend socket takes: the buffer's overshoot past its limit. */
  static final int MAX_READ_BYTES = 64 * 1024;

  /** Name prefix of the event loop threads, for thread dumps and container leak reports. */
  static final String THREAD_NAME = "rtmpt-backend";

  /** How long a write may wait for a backend that takes no data before the tunnel fails. */
  static final int DEFAULT_WRITE_TIMEOUT_MILLIS = 10_000;

  private final String host;
  private final int port;
  private final int maxBufferedBytes;
  private final int connectTimeoutMillis;
  private final int writeTimeoutMillis;
  private final EventLoopGroup group;
  private final ChannelGroup channels =
      new DefaultChannelGroup("rtmpt-backend", GlobalEventExecutor.INSTANCE);
  private final ConcurrentHashMap<String, BackendPeer> peers = new ConcurrentHashMap<>();
  private final LongAdder bytesToBackend = new LongAdder();
  private final LongAdder bytesToClients = new LongAdder();
  private final ConcurrentHashMap<String, RtmpeTermination> terminations =
      new ConcurrentHashMap<>();
  private final HandshakeCounts handshakes = new HandshakeCounts();
  private volatile HandshakePolicy rtmpePolicy;
  private volatile BackendRtmpe rtmpeMode;

  public BackendPeerFactory(String host, int port, int maxBufferedBytes, int connectTimeoutMillis) {
    this(host, port, maxBufferedBytes, connectTimeoutMillis, DEFAULT_WRITE_TIMEOUT_MILLIS);
  }

  BackendPeerFactory(
      String host,
      int port,
      int maxBufferedBytes,
      int connectTimeoutMillis,
      int writeTimeoutMillis) {
    this.host = host;
    this.port = port;
    this.maxBufferedBytes = maxBufferedBytes;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.writeTimeoutMillis = writeTimeoutMillis;
    this.group =
        new MultiThreadIoEventLoopGroup(
            new DefaultThreadFactory(THREAD_NAME), NioIoHandler.newFactory());
  }

  /**
   * Looks at each tunnel's C0 from now on: types outside {@code policy} are refused, RTMPE is
   * terminated here or passed as {@code mode} says (see the class documentation). Call before the
   * first tunnel opens.
   */
  public BackendPeerFactory withRtmpe(HandshakePolicy policy, BackendRtmpe mode) {
    this.rtmpePolicy = policy;
    this.rtmpeMode = mode;
    return this;
  }

  @Override
  public TunnelPeer open(TunnelClient client, Runnable onReadable) throws IOException {
    String id = client.sessionId();
    HandshakePolicy policy = rtmpePolicy;
    RtmpeTermination rtmpe =
        policy == null
            ? null
            : new RtmpeTermination(
                policy,
                rtmpeMode,
                client.secure() ? Transport.RTMPTS : Transport.RTMPT,
                handshakes,
                Duration.ofMillis(connectTimeoutMillis),
                onReadable);
    Runnable listener = rtmpe == null ? onReadable : rtmpe::backendReadable;
    BackendPeer peer =
        new BackendPeer(
            this,
            listener,
            () -> {
              peers.remove(id);
              terminations.remove(id);
            });
    // Everything Netty does for the new channel (pipeline set-up included) runs on one of the
    // bridge's event loops, never on the container's thread: Netty keeps per-thread state that
    // Tomcat would report as leaked from its request threads on undeploy.
    EventLoop loop = group.next();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .option(
                ChannelOption.RCVBUF_ALLOCATOR,
                new AdaptiveRecvByteBufAllocator(
                    AdaptiveRecvByteBufAllocator.DEFAULT_MINIMUM,
                    AdaptiveRecvByteBufAllocator.DEFAULT_INITIAL,
                    MAX_READ_BYTES))
            .handler(peer.handler());
    ChannelFuture connect;
    try {
      connect =
          loop.submit(() -> bootstrap.connect(new InetSocketAddress(host, port)))
              .get(connectTimeoutMillis + 1000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to backend " + host + ":" + port, e);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      throw new IOException("backend " + host + ":" + port + " unreachable: " + e, e);
    }
    if (!connect.awaitUninterruptibly(connectTimeoutMillis + 1000L, TimeUnit.MILLISECONDS)
        || !connect.isSuccess()) {
      Throwable cause = connect.cause();
      connect.channel().close();
      // The registry logs the failed /open/1 once, at WARN, with this exception's message.
      String why =
          cause == null || cause instanceof ConnectTimeoutException
              ? "no answer within "
                  + connectTimeoutMillis
                  + " ms ("
                  + WebappConfig.BACKEND_CONNECT_TIMEOUT
                  + ")"
              : cause.getMessage();
      LOG.debug("tunnel {}: backend {}:{} unreachable: {}", id, host, port, why);
      throw new IOException("backend " + host + ":" + port + " unreachable: " + why, cause);
    }
    channels.add(connect.channel());
    peer.connected(connect.channel());
    peers.put(id, peer);
    if (rtmpe == null) {
      return peer;
    }
    rtmpe.attach(peer, backend());
    terminations.put(id, rtmpe);
    return rtmpe;
  }

  /** The handshake type the tunnel's client asked for, once its C0 was seen (RTMPE handling on). */
  public Optional<HandshakeType> handshake(String sessionId) {
    return Optional.ofNullable(terminations.get(sessionId))
        .flatMap(RtmpeTermination::handshakeType);
  }

  /** Whether the tunnel's RTMPE is terminated here (the backend then speaks plain RTMP). */
  public boolean rtmpeTerminated(String sessionId) {
    RtmpeTermination rtmpe = terminations.get(sessionId);
    return rtmpe != null && rtmpe.terminated();
  }

  /** The tunnels' handshakes by transport and type (all 0 without RTMPE handling). */
  public HandshakeCounts handshakes() {
    return handshakes;
  }

  /** Closes every backend connection and stops the event loop threads; waits at most about 2 s. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** True once {@link #close()} has stopped the event loop threads. */
  boolean isTerminated() {
    return group.isTerminated();
  }

  public String backend() {
    return host + ":" + port;
  }

  /** The backend side of the tunnel with this session id, until the tunnel closes its peer. */
  public Optional<BackendTunnelStats> tunnel(String sessionId) {
    return Optional.ofNullable(peers.get(sessionId)).map(BackendPeer::stats);
  }

  /** Backend connections open now, whatever their tunnel's state. */
  public int openConnections() {
    return channels.size();
  }

  /** Client bytes handed to backend connections since start, all tunnels. */
  public long bytesToBackend() {
    return bytesToBackend.sum();
  }

  /** Backend bytes fetched by the tunnels for their clients since start, all tunnels. */
  public long bytesToClients() {
    return bytesToClients.sum();
  }

  /**
   * One tunnel's backend connection.
   *
   * @param bytesFromBackend bytes read from the backend so far
   * @param bytesToBackend bytes handed to the backend connection so far
   * @param queuedToBackend of those, bytes not yet written to the socket
   * @param bufferedBytes bytes read from the backend and not yet fetched by the client
   * @param peakBufferedBytes the most {@code bufferedBytes} has been
   * @param readingPaused true while the backend is not read because the buffer is full
   * @param backendClosed true once the connection has closed (by either side)
   */
  public record BackendTunnelStats(
      long bytesFromBackend,
      long bytesToBackend,
      long queuedToBackend,
      int bufferedBytes,
      int peakBufferedBytes,
      boolean readingPaused,
      boolean backendClosed) {}

  /** One tunnel's backend connection. */
  static final class BackendPeer implements TunnelPeer {
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
     * only, so the last call always sees the last decision: {@link #read} may clear {@code paused}
     * on another thread at any moment, including between a {@code channelRead} setting it and this
     * call, and then schedules this call again.
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
     * Passes the client's bytes on. Once the connection has closed they have nowhere to go: while
     * the client has not yet read everything the backend sent (the rest of a stream, or the status
     * message of a rejection just before the backend hung up) they are dropped, so that the reply
     * carries those bytes and the tunnel ends on a later request; once nothing is left to deliver
     * it throws.
     *
     * <p>When the connection is over Netty's high water mark after this write (the backend takes
     * less than the client sends), waits until the bytes are written to the socket; if they are not
     * within the write timeout the backend is taken as stuck and it throws.
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
}
