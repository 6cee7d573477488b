package io.rtmpt.engine.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A link over a TCP socket to an RTMP server (our listener, nginx-rtmp...). */
public final class SocketLink implements Link {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];

  private SocketLink(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code host:port} with the system's receive buffer. */
  public static SocketLink connect(String host, int port) throws IOException {
    return connect(host, port, 0);
  }

  /**
   * Connects with a given receive buffer size (0 = system default); a small buffer makes a client
   * that stops reading stall the server's writes quickly.
   */
  public static SocketLink connect(String host, int port, int receiveBufferSize)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBufferSize > 0) {
      socket.setReceiveBufferSize(receiveBufferSize);
    }
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    return new SocketLink(socket);
  }

  /** A link over a socket connected already (a TLS socket to an RTMPS listener, for one). */
  public static SocketLink over(Socket socket) throws IOException {
    return new SocketLink(socket);
  }

  @Override
  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public byte[] receive(Duration timeout) throws IOException {
    long millis = timeout.toMillis();
    if (millis <= 0 && in.available() == 0) {
      return new byte[0];
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(millis, Integer.MAX_VALUE)));
    int n;
    try {
      n = in.read(buffer);
    } catch (SocketTimeoutException e) {
      return new byte[0];
    }
    if (n < 0) {
      throw new EOFException("the server closed the connection");
    }
    return Arrays.copyOf(buffer, n);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
