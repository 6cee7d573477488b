package io.rtmpt.engine.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.session.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native RTMP listener (TCP, port 1935 by default), or with {@link TlsSettings} the RTMPS one
 * (TLS from the first byte, JDK provider; 443 is the conventional public port): one listener per
 * address and port, so RTMP and RTMPS are two instances. Binds in {@link #start()}; {@link #port()}
 * tells the bound port, so tests bind port 0. RTMPS sessions are reported as {@link
 * Transport#RTMPS}.
 *
 * <p>RTMPS certificates: loaded in {@link #start()} (a bad file or password fails it with a
 * one-line message); reloaded by {@link #reloadCertificate()} or, when {@link
 * TlsSettings#reloadCheckInterval()} is positive, as soon as a check finds the files changed. New
 * connections get the new certificate; open ones keep theirs.
 */
public final class RtmpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);
  public static final int DEFAULT_PORT = 1935;

  private final RtmpEngine engine;
  private final String host;
  private final int port;
  private final TlsSettings tls;
  private volatile ReloadingTls certificates;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;

  public RtmpServer(RtmpEngine engine, String host, int port) {
    this(engine, host, port, null);
  }

  /** With {@code tls} non-null the listener speaks RTMPS. */
  public RtmpServer(RtmpEngine engine, String host, int port, TlsSettings tls) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.host = Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within 0..65535: " + port);
    }
    this.port = port;
    this.tls = tls;
  }

  /**
   * Loads the certificate (RTMPS) and binds the listener; a bad certificate, key or password, an
   * address in use or a bad host is reported as an IOException with a one-line message.
   */
  public synchronized RtmpServer start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("already started on port " + port());
    }
    ReloadingTls loaded = tls == null ? null : ReloadingTls.load(tls);
    certificates = loaded;
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    Transport transport = tls == null ? Transport.RTMP : Transport.RTMPS;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(128 * 1024, 512 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (loaded != null) {
                      ch.pipeline().addLast("tls", loaded.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("rtmp", new TcpConnection(engine, transport));
                  }
                });
    ChannelFuture bound;
    try {
      bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
    } catch (RuntimeException e) { // an unresolvable host fails before the bind is attempted
      shutdownGroups();
      throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    if (!bound.isSuccess()) {
      shutdownGroups();
      Throwable cause = bound.cause();
      throw new IOException(
          "cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
    }
    channel = bound.channel();
    if (loaded != null && tls.reloadCheckInterval().toMillis() > 0) {
      long every = tls.reloadCheckInterval().toMillis();
      boss.next()
          .scheduleWithFixedDelay(loaded::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }
    LOG.info("{} listening on {}:{}", transport.label(), host, port());
    return this;
  }

  /**
   * Loads the RTMPS certificate files again (for an admin action after a renewal): new connections
   * get the new certificate, open ones keep theirs.
   *
   * @throws IOException when the files cannot be loaded; the current certificate stays in use
   * @throws IllegalStateException when this is not a started RTMPS listener
   */
  public void reloadCertificate() throws IOException {
    ReloadingTls current = certificates;
    if (current == null) {
      throw new IllegalStateException("not a started rtmps listener");
    }
    current.reload();
  }

  /** The certificate new RTMPS connections get; empty for plain RTMP or before start. */
  public Optional<X509Certificate> certificate() {
    ReloadingTls current = certificates;
    return current == null ? Optional.empty() : Optional.of(current.certificate());
  }

  /** The bound port, once started. */
  public int port() {
    Channel c = channel;
    if (c == null) {
      throw new IllegalStateException("not started");
    }
    return ((InetSocketAddress) c.localAddress()).getPort();
  }

  public String host() {
    return host;
  }

  /** Stops listening and closes every connection of this listener. */
  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    shutdownGroups();
  }

  private void shutdownGroups() {
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      boss = null;
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      workers = null;
    }
  }
}
