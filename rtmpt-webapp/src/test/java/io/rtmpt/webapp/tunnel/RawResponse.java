package io.rtmpt.webapp.tunnel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP response exactly as it came off the socket.
 *
 * @param statusLine e.g. {@code HTTP/1.1 200 OK}
 * @param headerBlock the header lines as received, each ending in CRLF, without the status line and
 *     the final empty line
 * @param headers the same, names lower-cased
 * @param body exactly Content-Length bytes
 */
record RawResponse(
    String statusLine, String headerBlock, Map<String, List<String>> headers, byte[] body) {

  int status() {
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  /** The single value of a header, or null. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    if (values == null) {
      return null;
    }
    if (values.size() != 1) {
      throw new AssertionError(
          "header " + name + " appears " + values.size() + " times: " + headerBlock);
    }
    return values.get(0);
  }

  String bodyText() {
    return new String(body, StandardCharsets.ISO_8859_1);
  }

  /** The polling byte of a send/idle/close reply. */
  int pollingByte() {
    return body[0] & 0xFF;
  }

  /** The tunnelled bytes of a send/idle/close reply: the body after the polling byte. */
  byte[] payload() {
    return java.util.Arrays.copyOfRange(body, 1, body.length);
  }
}
