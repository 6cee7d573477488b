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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a free loopback port in front of a server: every connection it accepts is copied
 * both ways to {@code 127.0.0.1:targetPort}. {@link #refuse()} closes its listening socket, so that
 * new connections are refused while the relayed ones go on: a backend that stops accepting without
 * dropping the tunnels it already serves. {@link #reset(int)} cuts one relayed connection: a
 * backend (or the network) dropping one client.
 */
public final class TcpGate implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Relayed> relayed = new CopyOnWriteArrayList<>();

  /** One accepted connection: its two sockets, and how many of its two directions have ended. */
  private record Relayed(Socket client, Socket server, AtomicInteger ended) {}

  private final AtomicInteger accepted = new AtomicInteger();

  private TcpGate(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  public static TcpGate open(int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpGate gate = new TcpGate(listener, targetPort);
    daemon("tcp-gate-accept-" + listener.getLocalPort(), gate::acceptLoop);
    return gate;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code 127.0.0.1:PORT}. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** Connections accepted and relayed so far. */
  public int accepted() {
    return accepted.get();
  }

  /**
   * Stops listening: connections to {@link #port()} are refused from now on; relayed ones go on.
   */
  public void refuse() throws IOException {
    listener.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // the listener was closed (refuse or close): the loop ends
      }
      Socket server = new Socket();
      sockets.add(client);
      sockets.add(server);
      try {
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client); // the target refused this one: the client sees the connection end
        closeQuietly(server);
        continue;
      }
      Relayed pair = new Relayed(client, server, new AtomicInteger());
      relayed.add(pair);
      accepted.incrementAndGet();
      daemon("tcp-gate-up", () -> relay(pair, client, server));
      daemon("tcp-gate-down", () -> relay(pair, server, client));
    }
  }

  /**
   * The numbers (0 for the first accepted) of the connections still relaying in both directions,
   * oldest first: not the short ones a reachability check makes.
   */
  public List<Integer> liveConnections() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < relayed.size(); i++) {
      if (relayed.get(i).ended().get() == 0) {
        live.add(i);
      }
    }
    return live;
  }

  /**
   * Resets both sides of the {@code n}-th relayed connection (0 for the first accepted), as a
   * connection that dies on the way: each side gets a TCP reset.
   */
  public void reset(int n) {
    Relayed pair = relayed.get(n);
    for (Socket socket : new Socket[] {pair.client(), pair.server()}) {
      try {
        socket.setSoLinger(true, 0);
      } catch (IOException e) {
        // closed already
      }
      closeQuietly(socket);
    }
  }

  private static void relay(Relayed pair, Socket from, Socket to) {
    try {
      copy(from, to);
    } finally {
      pair.ended().incrementAndGet();
    }
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Closes the listener and every relayed connection. */
  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }
}
