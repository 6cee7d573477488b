package io.rtmpt.webapp.loadgen;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Writes RTMPT POSTs the way a {@link ClientKind} writes them: its headers in its order and
 * spelling, and head and body either in one write or, for ffmpeg, in two writes each flushed on its
 * own (the second one then waits for Nagle's algorithm when TCP_NODELAY is off).
 */
final class RtmptRequests {
  private RtmptRequests() {}

  /** Writes and flushes {@code POST path} with {@code body} to {@code host}. */
  static void post(ChannelHandlerContext ctx, ClientKind kind, String host, String path, byte[] b) {
    HttpHeaders headers = headers(kind.headers(), host, b.length);
    if (kind.splitsHeadAndBody()) {
      ctx.writeAndFlush(
          new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, headers));
      ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(b)));
    } else {
      ctx.writeAndFlush(
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              HttpMethod.POST,
              path,
              Unpooled.wrappedBuffer(b),
              headers,
              EmptyHttpHeaders.INSTANCE));
    }
  }

  /**
   * The headers from name/value pairs; a null value is the {@code Host} or the content length.
   * Names keep their spelling ({@code Content-type}, {@code Content-length}).
   */
  static HttpHeaders headers(List<String> pairs, String host, int contentLength) {
    HttpHeaders headers =
        DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (int i = 0; i < pairs.size(); i += 2) {
      String name = pairs.get(i);
      String value = pairs.get(i + 1);
      if (value == null) {
        value = name.equalsIgnoreCase("Host") ? host : String.valueOf(contentLength);
      }
      headers.add(name, value);
    }
    return headers;
  }
}
