package io.rtmpt.webapp.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One RTMPT tunnel on one keep-alive connection, driven as its {@link ClientKind} drives it: {@code
 * /fcs/ident2} (Flash), {@code /open/1}, then {@code /send} and {@code /idle} with sequence numbers
 * from 0, and {@code /close} at the end.
 *
 * <p>Sequential kinds (ffmpeg, Flash) have at most one request outstanding; when its reply is in
 * they send what the session queued (a publisher: once its flush rule is met) or, unless they are
 * publishing, poll with an {@code /idle} after the kind's pause. librtmp posts every packet at once
 * and polls as soon as nothing is outstanding. Every reply must be 200 with the polling byte first;
 * anything else is counted as an error and ends the tunnel (as it ends the real clients' sessions).
 */
final class RtmptClientHandler extends ClientHandler {
  private static final byte[] ONE_BYTE = {0};

  /** How long a {@code /close} may stay unanswered before the connection is closed anyway. */
  private static final long CLOSE_TIMEOUT_SECONDS = 2;

  private enum Phase {
    IDENT,
    OPENING,
    TUNNEL,
    CLOSING,
    DONE
  }

  private final TunnelOptions options;
  private final ClientKind kind;
  private final String host;
  private final ArrayDeque<String> outstanding = new ArrayDeque<>();
  private Phase phase;
  private String sessionId;
  private long sequence;
  private boolean lastReplyHadData = true;
  private int pollingByte = 1;
  private ScheduledFuture<?> idleTimer;
  private long lastIdleNanos;
  private boolean closeSent;

  RtmptClientHandler(Role role, LoadMetrics metrics, TunnelOptions options, String host) {
    super(role, metrics);
    this.options = options;
    this.kind = options.kind();
    this.host = host;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (kind.sendsIdent2()) {
      phase = Phase.IDENT;
      post("/fcs/ident2", ONE_BYTE, "ident2");
    } else {
      open();
    }
  }

  private void open() {
    phase = Phase.OPENING;
    post("/open/1", ONE_BYTE, "open");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    FullHttpResponse reply = (FullHttpResponse) msg;
    try {
      onReply(reply.status().code(), reply.content());
    } finally {
      reply.release();
    }
  }

  private void onReply(int status, ByteBuf body) {
    String request = outstanding.poll();
    metrics.reply();
    if (phase == Phase.DONE || request == null) {
      return;
    }
    switch (request) {
      case "ident2" -> open(); // 404 is what FMS answers; Flash goes on whatever the answer
      case "open" -> opened(status, body);
      case "close" -> {
        phase = Phase.DONE;
        closeNow();
      }
      default -> tunnelled(request, status, body);
    }
  }

  private void opened(int status, ByteBuf body) {
    if (status != 200) {
      fail("http " + status, "/open/1 answered " + status);
      return;
    }
    sessionId = body.toString(StandardCharsets.US_ASCII).trim();
    phase = Phase.TUNNEL;
    session.start();
    pump();
  }

  private void tunnelled(String request, int status, ByteBuf body) {
    if (status != 200) {
      fail("http " + status, "/" + request + " in tunnel " + sessionId + " answered " + status);
      return;
    }
    if (!body.isReadable()) {
      fail("empty reply", "/" + request + " answered 200 without the polling byte");
      return;
    }
    pollingByte = body.readUnsignedByte();
    int data = body.readableBytes();
    lastReplyHadData = data > 0;
    if (phase == Phase.CLOSING) {
      sendCloseWhenIdle();
      return;
    }
    if (data > 0) {
      metrics.received(data);
      try {
        session.onBytes(body.nioBuffer());
      } catch (RtmpProtocolException e) {
        fail("protocol", e.getMessage());
        return;
      }
    }
    pump();
  }

  @Override
  void pump() {
    if (phase != Phase.TUNNEL || isClosing()) {
      return;
    }
    boolean publishing = session.commands().isPublishing();
    if (kind.pipelines()) {
      while (session.hasOutbound()) {
        send(session.takePacket());
      }
      if (outstanding.isEmpty() && !publishing) {
        scheduleIdle();
      }
      return;
    }
    if (!outstanding.isEmpty()) {
      return;
    }
    MediaSource flatOut = session.commands().flatOutSource();
    if (flatOut != null) {
      flatOut.fill(session, options.flushBytes());
    }
    if (shouldFlush(publishing)) {
      cancelIdle();
      send(session.takeAll());
    } else if (!publishing) {
      scheduleIdle();
    }
  }

  /** Publishers post per their flush rule; everyone else posts whatever is queued. */
  private boolean shouldFlush(boolean publishing) {
    if (!session.hasOutbound()) {
      return false;
    }
    if (!publishing) {
      return true;
    }
    return options.flushBytes() > 0
        ? session.queuedBytes() >= options.flushBytes()
        : session.queuedMediaPackets() >= kind.flushEveryMediaPackets();
  }

  private void scheduleIdle() {
    if (idleTimer != null) {
      return;
    }
    long delayNanos =
        options.idleInterval() != null
            ? lastIdleNanos + options.idleInterval().toNanos() - System.nanoTime()
            : TimeUnit.MILLISECONDS.toNanos(kind.idleDelayMillis(lastReplyHadData, pollingByte));
    if (delayNanos <= 0) {
      idle();
      return;
    }
    idleTimer =
        ctx.executor()
            .schedule(
                () -> {
                  idleTimer = null;
                  if (phase == Phase.TUNNEL && outstanding.isEmpty()) {
                    if (session.hasOutbound() && !session.commands().isPublishing()) {
                      send(session.takeAll());
                    } else {
                      idle();
                    }
                  }
                },
                delayNanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void idle() {
    lastIdleNanos = System.nanoTime();
    post("/idle/" + sessionId + "/" + sequence++, ONE_BYTE, "idle");
  }

  private void send(byte[] bytes) {
    metrics.sent(bytes.length);
    post("/send/" + sessionId + "/" + sequence++, bytes, "send");
  }

  private void post(String path, byte[] body, String request) {
    outstanding.add(request);
    metrics.request();
    RtmptRequests.post(ctx, kind, host, path, body);
  }

  /**
   * Ends the tunnel as the clients do: {@code /close} once no request is outstanding (librtmp: at
   * once), then the connection is closed when it is answered. Any thread.
   */
  @Override
  void closeGracefully() {
    ctx.executor()
        .execute(
            () -> {
              if (phase != Phase.TUNNEL) {
                closeNow();
                return;
              }
              phase = Phase.CLOSING;
              closingWanted();
              ctx.executor().schedule(this::closeNow, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
              cancelIdle();
              session.close();
              sendCloseWhenIdle();
            });
  }

  private void sendCloseWhenIdle() {
    if (closeSent || (!kind.pipelines() && !outstanding.isEmpty())) {
      return;
    }
    closeSent = true;
    post("/close/" + sessionId + "/" + sequence++, ONE_BYTE, "close");
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelIdle();
    super.channelInactive(ctx);
  }
}
