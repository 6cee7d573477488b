package io.rtmpt.webapp.bridge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
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
import java.time.Duration;
import java.util.Optional;
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
  final int maxBufferedBytes;
  private final int connectTimeoutMillis;
  final int writeTimeoutMillis;
  private final EventLoopGroup group;
  private final ChannelGroup channels =
      new DefaultChannelGroup("rtmpt-backend", GlobalEventExecutor.INSTANCE);
  private final ConcurrentHashMap<String, BackendPeer> peers = new ConcurrentHashMap<>();
  final LongAdder bytesToBackend = new LongAdder();
  final LongAdder bytesToClients = new LongAdder();
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
}
