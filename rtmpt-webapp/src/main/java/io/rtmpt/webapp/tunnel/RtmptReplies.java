package io.rtmpt.webapp.tunnel;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

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

  /** A send/idle/close body: the polling byte followed by {@code data}. */
  static byte[] pollReply(byte pollingByte, byte[] data) {
    byte[] body = new byte[1 + data.length];
    body[0] = pollingByte;
    System.arraycopy(data, 0, body, 1, data.length);
    return body;
  }
}
