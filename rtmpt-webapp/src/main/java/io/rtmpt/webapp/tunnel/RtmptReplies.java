package io.rtmpt.webapp.tunnel;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes RTMPT replies. A 200 reply has exactly {@code Content-Type: application/x-fcs} (written
 * through the output stream, so no container adds a charset: HaishinKit compares the whole value),
 * an explicit Content-Length set before the body (librtmp cannot read chunked replies) and {@code
 * Cache-Control: no-cache}; the body goes out as one array. Nothing here sets {@code Connection:
 * close}: ffmpeg and rtmpdump never reconnect after one.
 */
final class RtmptReplies {

  static final String CONTENT_TYPE = "application/x-fcs";

  private RtmptReplies() {}

  /** 200 with {@code body}, which must not be empty (ffmpeg reads one byte from every reply). */
  static void writeData(HttpServletResponse response, byte[] body) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CONTENT_TYPE);
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** {@code status} with an empty body: clients only check that it is not 200. */
  static void writeError(HttpServletResponse response, RtmptErrorKind kind) {
    response.setStatus(kind.status());
    response.setHeader("Cache-Control", "no-cache");
    if (kind == RtmptErrorKind.METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "POST");
    }
    response.setContentLength(0);
  }

  /**
   * Free bytes a send/idle/close reply's data keeps before it for the polling byte ({@link
   * TunnelPeer#read(int, int)}'s headroom).
   */
  static final int POLLING_BYTE_ROOM = 1;

  /** Reply data with nothing to send: a fresh buffer holding the polling byte's room alone. */
  static ByteBuffer noData() {
    return ByteBuffer.wrap(new byte[POLLING_BYTE_ROOM]).position(POLLING_BYTE_ROOM);
  }

  /**
   * 200 with a send/idle/close body: the polling byte, then {@code data}, which sits in its array
   * (offset 0) right behind the polling byte's room ({@link #POLLING_BYTE_ROOM}); the polling byte
   * is written there and the array goes out as it is, without a copy.
   *
   * @throws IllegalArgumentException {@code data} has no room for the polling byte
   */
  static void writePollReply(HttpServletResponse response, byte pollingByte, ByteBuffer data)
      throws IOException {
    if (!data.hasArray() || data.arrayOffset() != 0 || data.position() != POLLING_BYTE_ROOM) {
      throw new IllegalArgumentException("reply data without room for the polling byte: " + data);
    }
    byte[] body = data.array();
    body[0] = pollingByte;
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CONTENT_TYPE);
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(data.limit());
    response.getOutputStream().write(body, 0, data.limit());
  }
}
