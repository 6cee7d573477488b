package io.rtmpt.webapp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1:0 in front of a server, counting the connections its clients open: for a
 * server the test cannot look into (another process), "the player used one TCP connection" is "the
 * relay accepted one". Each accepted connection gets its own connection to the target, bytes are
 * copied as they come (TCP_NODELAY both ways) and an end of stream is passed on as a half-close, so
 * the client sees what the server does.
 */
public final class CountingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  private CountingRelay(InetSocketAddress target) throws IOException {
    this.target = target;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start("relay-accept-" + listener.getLocalPort(), this::acceptLoop);
  }

  public static CountingRelay start(String host, int port) throws IOException {
    return new CountingRelay(new InetSocketAddress(host, port));
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted from clients so far. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      int n = accepted.incrementAndGet();
      try {
        Socket server = new Socket();
        server.connect(target, 5000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        start("relay-" + n + "-up", () -> pump(client, server));
        start("relay-" + n + "-down", () -> pump(server, client));
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** Copies until end of stream, then half-closes {@code to}; on an error closes both. */
  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private synchronized void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    closeQuietly(listener);
    synchronized (sockets) {
      sockets.forEach(CountingRelay::closeQuietly);
    }
    List<Thread> all;
    synchronized (this) {
      all = List.copyOf(threads);
    }
    for (Thread t : all) {
      t.join(5000);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing
    }
  }
}
