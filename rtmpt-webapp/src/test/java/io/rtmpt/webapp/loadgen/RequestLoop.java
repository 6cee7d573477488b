package io.rtmpt.webapp.loadgen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop POSTs for comparing request rates (B5): each connection posts a one-byte body, waits
 * for the reply and posts again at once, with librtmp's headers and single write. The target is
 * either RTMPT polling ({@code /open/1} once per connection, then {@code /idle/<id>/<seq>}) or a
 * fixed path (a trivial servlet in the same container). Replies other than 200 are errors and end
 * their connection.
 */
public final class RequestLoop implements AutoCloseable {
  private static final byte[] ONE_BYTE = {0};

  /** What a connection posts to. */
  public record Target(String path) {
    /** {@code /open/1}, then {@code /idle/<id>/<seq>} with seq from 0. */
    public static Target idle() {
      return new Target(null);
    }

    /** The same path every time. */
    public static Target path(String path) {
      return new Target(path);
    }
  }

  private final LoadMetrics metrics;
  private final Target target;
  private final String host;
  private final LongAdder replies = new LongAdder();
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile boolean stopped;

  RequestLoop(LoadMetrics metrics, Target target, InetSocketAddress server) {
    this.metrics = metrics;
    this.target = target;
    this.host = server.getHostString() + ":" + server.getPort();
  }

  Handler newHandler() {
    return new Handler();
  }

  void connected(boolean success, Throwable cause) {
    if (!success) {
      metrics.error("connect", String.valueOf(cause));
    }
  }

  /** 200 replies so far (the {@code /open/1} of RTMPT polling not counted). */
  public long replies() {
    return replies.sum();
  }

  /** Stops posting and closes every connection. */
  @Override
  public void close() {
    stopped = true;
    channels.close().awaitUninterruptibly();
  }

  /** One connection's loop. */
  final class Handler extends ChannelInboundHandlerAdapter {
    private String sessionId;
    private long sequence;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channels.add(ctx.channel());
      post(ctx, target.path() != null ? target.path() : "/open/1");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      FullHttpResponse reply = (FullHttpResponse) msg;
      try {
        metrics.reply();
        if (reply.status().code() != 200) {
          metrics.error("http " + reply.status().code(), "request loop to " + describe());
          ctx.close();
          return;
        }
        if (target.path() == null && sessionId == null) {
          sessionId = reply.content().toString(StandardCharsets.US_ASCII).trim();
        } else {
          replies.increment();
        }
      } finally {
        reply.release();
      }
      if (!stopped) {
        post(ctx, target.path() != null ? target.path() : "/idle/" + sessionId + "/" + sequence++);
      }
    }

    private void post(ChannelHandlerContext ctx, String path) {
      metrics.request();
      RtmptRequests.post(ctx, ClientKind.LIBRTMP, host, path, ONE_BYTE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!stopped) {
        metrics.error("exception", cause.toString());
      }
      ctx.close();
    }
  }

  private String describe() {
    return target.path() != null ? target.path() : "/idle";
  }
}
