package io.rtmpt.webapp.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A load generator for RTMP and RTMPT servers on the engine's codec: it opens plain RTMP
 * connections and RTMPT tunnels that connect, publish or play ({@link Role}), each tunnel behaving
 * like the real client it imitates ({@link ClientKind}). All clients share a few Netty event loop
 * threads (non-blocking I/O, no thread per client), so that thousands of them run beside the server
 * on a 2-core machine. What they see is counted in {@link #metrics()} and, per player, in {@link
 * PlayerStats}.
 *
 * <pre>{@code
 * try (LoadGenerator generator = new LoadGenerator(1)) {
 *   MediaSource source = MediaSource.paced(25, 5000); // 1 Mbit/s
 *   generator.rtmp(server, new Role.Publish("live", "s", source)).ready().get();
 *   PlayerStats stats = new PlayerStats(generator.metrics().latency("ffmpeg"));
 *   generator.rtmpt(http, TunnelOptions.of(ClientKind.FFMPEG), new Role.Play("live", "s", stats));
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  /** Largest reply body accepted (the server's rtmpt.max-reply-bytes is 256 KiB by default). */
  private static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

  private final EventLoopGroup group;
  private final LoadMetrics metrics = new LoadMetrics();

  /** A generator whose clients share {@code threads} event loop threads. */
  public LoadGenerator(int threads) {
    this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
  }

  public LoadMetrics metrics() {
    return metrics;
  }

  /** A plain RTMP connection to {@code server} performing {@code role}. */
  public LoadClient rtmp(InetSocketAddress server, Role role) {
    return connect(
        server,
        true,
        () -> new TcpClientHandler(role, metrics),
        (channel, handler) -> channel.pipeline().addLast(handler));
  }

  /** An RTMPT tunnel to the HTTP server {@code server} performing {@code role}. */
  public LoadClient rtmpt(InetSocketAddress server, TunnelOptions options, Role role) {
    String host = server.getHostString() + ":" + server.getPort();
    return connect(
        server,
        options.kind().tcpNoDelay(),
        () -> new RtmptClientHandler(role, metrics, options, host),
        (channel, handler) ->
            channel
                .pipeline()
                .addLast(new HttpClientCodec())
                .addLast(new HttpObjectAggregator(MAX_REPLY_BYTES))
                .addLast(handler));
  }

  /**
   * {@code connections} keep-alive connections to {@code server}, each posting as fast as its
   * replies come back (one request at a time) to {@code target}: for comparing request rates.
   */
  public RequestLoop requestLoop(
      InetSocketAddress server, int connections, RequestLoop.Target target) {
    RequestLoop loop = new RequestLoop(metrics, target, server);
    for (int i = 0; i < connections; i++) {
      RequestLoop.Handler handler = loop.newHandler();
      bootstrap(true)
          .handler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                  channel
                      .pipeline()
                      .addLast(new HttpClientCodec())
                      .addLast(new HttpObjectAggregator(MAX_REPLY_BYTES))
                      .addLast(handler);
                }
              })
          .connect(server)
          .addListener(f -> loop.connected(f.isSuccess(), f.cause()));
    }
    return loop;
  }

  private interface Wiring {
    void wire(Channel channel, ClientHandler handler);
  }

  private LoadClient connect(
      InetSocketAddress server,
      boolean tcpNoDelay,
      Supplier<ClientHandler> handlers,
      Wiring wiring) {
    ClientHandler handler = handlers.get();
    ChannelFuture connecting =
        bootstrap(tcpNoDelay)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    wiring.wire(channel, handler);
                  }
                })
            .connect(server);
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            metrics.error("connect", String.valueOf(f.cause()));
            handler.ready.completeExceptionally(f.cause());
            handler.closed.complete(null);
          }
        });
    return new LoadClient(handler);
  }

  private Bootstrap bootstrap(boolean tcpNoDelay) {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, tcpNoDelay)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
  }

  /** Closes every connection at once (no {@code /close}) and stops the threads. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
