package io.rtmpt.webapp.tunnel;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive TCP connection speaking HTTP/1.1 by hand, the way librtmp does: each request is
 * written in one piece with librtmp's headers, responses are read strictly by Content-Length (a
 * chunked or length-less response fails the test, as it fails librtmp). Requests may be pipelined:
 * {@link #send} several, then {@link #read} as many.
 */
final class RawHttpConnection implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 15_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  RawHttpConnection(String host, int port) throws IOException {
    this(host, port, null);
  }

  /** A connection from a given local address (any of 127.0.0.0/8), to look like another client. */
  RawHttpConnection(String host, int port, String localAddress) throws IOException {
    socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    }
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    this.host = host + ":" + port;
  }

  /** POST {@code path} (below the context path) and read the response. */
  RawResponse post(String path, byte[] body) throws IOException {
    send("POST", path, body);
    return read();
  }

  /** Writes one request in a single write(), with librtmp's header set. */
  void send(String method, String path, byte[] body) throws IOException {
    String head =
        method
            + " "
            + TunnelServer.CONTEXT_PATH
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "Accept: */*\r\n"
            + "User-Agent: Shockwave Flash\r\n"
            + "Connection: Keep-Alive\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Content-type: application/x-fcs\r\n"
            + "Content-length: "
            + body.length
            + "\r\n"
            + "\r\n";
    writeRaw(concat(head.getBytes(StandardCharsets.US_ASCII), body));
  }

  /** Writes bytes as they are (for hand-made requests such as chunked ones). */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one response; its body must be framed by Content-Length. */
  RawResponse read() throws IOException {
    String statusLine = readLine();
    StringBuilder block = new StringBuilder();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      block.append(line).append("\r\n");
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new AssertionError("response uses Transfer-Encoding: " + block);
    }
    List<String> length = headers.get("content-length");
    if (length == null || length.size() != 1) {
      throw new AssertionError(
          "response without exactly one Content-Length: " + statusLine + "\r\n" + block);
    }
    byte[] body = in.readNBytes(Integer.parseInt(length.get(0)));
    if (body.length != Integer.parseInt(length.get(0))) {
      throw new EOFException("connection closed inside a response body");
    }
    return new RawResponse(statusLine, block.toString(), headers, body);
  }

  /**
   * True if the server has closed this connection (a read sees end of stream within the timeout).
   */
  boolean isClosedByServer(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } finally {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the server; line so far: " + line);
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
