package io.rtmpt.webapp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on a free loopback port in front of an RTMPT server that breaks chosen requests
 * the way networks do (okhttp's {@code SocketEffect} idea, for a client we cannot script). Each
 * connection a client opens gets a connection of its own to the server, so the server sees what the
 * client does (a client that reconnects arrives on a new connection). Requests and replies are
 * parsed (request line, headers, a {@code Content-Length} body; RTMPT clients never send chunked
 * bodies and the server never replies chunked) and passed on unchanged, pipelined requests too,
 * except the one a {@link Rule} names: the {@code n}-th request of a command, counted over the
 * whole proxy, gets its {@link Fault}. Use one proxy per client.
 *
 * <p>Every request is recorded ({@link #exchanges()}): connection number, command, path, status or
 * the fault it got.
 */
public final class FaultProxy implements AutoCloseable {

  /** What happens to the chosen request. */
  public enum Fault {
    /**
     * The request never reaches the server: the proxy reads it and resets the client's connection
     * (and closes its own to the server), as a connection that dies on the way does.
     */
    LOSE_REQUEST,
    /**
     * The server gets the request and answers it in full; the reply is dropped and the client's
     * connection reset: the client cannot tell whether the server saw the request.
     */
    LOSE_REPLY,
    /**
     * The connection is reset while the reply is under way: the client gets the reply's status line
     * and headers, not its body, then a reset (the server answered in full).
     */
    RESET,
    /**
     * The reply is delivered with {@code Connection: close} and the connection closed after it, as
     * Tomcat does after {@code maxKeepAliveRequests} requests or a proxy that does not keep
     * connections alive.
     */
    CONNECTION_CLOSE
  }

  /**
   * Which request gets which fault.
   *
   * @param command the first path segment: {@code open}, {@code send}, {@code idle}, {@code close}
   *     or {@code fcs}
   * @param occurrence 1 for the first request of that command through this proxy, 2 for the
   *     second...
   * @param fault what happens to it
   */
  public record Rule(String command, int occurrence, Fault fault) {
    public Rule {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(fault, "fault");
      if (occurrence < 1) {
        throw new IllegalArgumentException("occurrence counts from 1: " + occurrence);
      }
    }

    @Override
    public String toString() {
      return fault.name().toLowerCase(Locale.ROOT) + " on /" + command + " #" + occurrence;
    }
  }

  /**
   * One request through the proxy.
   *
   * @param connection the client connection it came on, numbered from 1 in accept order
   * @param command its first path segment
   * @param path the request path
   * @param requestBytes its body's length
   * @param status the server's status, or 0 when the server's reply never came
   * @param fault the fault it got, or null
   */
  public record Exchange(
      int connection, String command, String path, int requestBytes, int status, Fault fault) {
    @Override
    public String toString() {
      return "#"
          + connection
          + " "
          + path
          + " ("
          + requestBytes
          + " B) -> "
          + (status == 0 ? "-" : String.valueOf(status))
          + (fault == null ? "" : " [" + fault + "]");
    }
  }

  private static final int MAX_HEAD_BYTES = 16 * 1024;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Rule> rules;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Rule> fired = new CopyOnWriteArrayList<>();
  private final Set<String> sessionIds = new CopyOnWriteArraySet<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private FaultProxy(ServerSocket listener, InetSocketAddress target, List<Rule> rules) {
    this.listener = listener;
    this.target = target;
    this.rules = List.copyOf(rules);
  }

  /** A proxy to {@code 127.0.0.1:targetPort} applying {@code rules}. */
  public static FaultProxy start(int targetPort, Rule... rules) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy =
        new FaultProxy(
            listener,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
            List.of(rules));
    daemon("fault-proxy-" + listener.getLocalPort(), proxy::acceptLoop);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code rtmpt://127.0.0.1:PORT/APP/STREAM} through the proxy. */
  public String rtmptUrl(String app, String stream) {
    return "rtmpt://127.0.0.1:" + port() + "/" + app + "/" + stream;
  }

  /** Client connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Every request so far, in the order the proxy read them. */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The rules whose request came (and got its fault) so far. */
  public List<Rule> fired() {
    return List.copyOf(fired);
  }

  /**
   * The RTMPT session ids seen so far, in order: from {@code /open/1} replies (also the ones the
   * client never got) and from request paths.
   */
  public List<String> sessionIds() {
    return List.copyOf(sessionIds);
  }

  /** Requests of {@code command} seen so far. */
  public int count(String command) {
    AtomicInteger n = counts.get(command);
    return n == null ? 0 : n.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      int number = connections.incrementAndGet();
      sockets.add(client);
      Socket server = new Socket();
      sockets.add(server);
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(target, 5_000);
      } catch (IOException e) {
        reset(client);
        closeQuietly(server);
        continue;
      }
      new Connection(number, client, server).start();
    }
  }

  /** A request read from the client, waiting for its reply. */
  private record Pending(String command, String path, int requestBytes, Fault fault) {}

  /** One client connection and its connection to the server. */
  private final class Connection {
    private final int number;
    private final Socket client;
    private final Socket server;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

    Connection(int number, Socket client, Socket server) {
      this.number = number;
      this.client = client;
      this.server = server;
    }

    void start() {
      daemon("fault-proxy-" + port() + "-" + number + "-requests", this::requests);
      daemon("fault-proxy-" + port() + "-" + number + "-replies", this::replies);
    }

    /** Reads requests from the client and passes them on, or applies a request fault. */
    private void requests() {
      try {
        InputStream in = client.getInputStream();
        OutputStream out = server.getOutputStream();
        while (true) {
          byte[] head = readHead(in);
          if (head == null) {
            server.shutdownOutput();
            return;
          }
          String text = new String(head, StandardCharsets.ISO_8859_1);
          String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
          String path = requestLine.length > 1 ? requestLine[1] : "";
          byte[] body = in.readNBytes(contentLength(text));
          String command = command(path);
          String[] segments = path.split("/");
          if (segments.length > 2 && !command.equals("open") && !command.equals("fcs")) {
            sessionIds.add(segments[2]);
          }
          int occurrence =
              counts.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
          Fault fault = faultFor(command, occurrence);
          if (fault == Fault.LOSE_REQUEST) {
            exchanges.add(new Exchange(number, command, path, body.length, 0, fault));
            reset(client);
            closeQuietly(server);
            return;
          }
          pending.add(new Pending(command, path, body.length, fault));
          out.write(head);
          out.write(body);
          out.flush();
        }
      } catch (IOException e) {
        reset(client);
        closeQuietly(server);
      }
    }

    /** Reads replies from the server and passes them on, or applies a reply fault. */
    private void replies() {
      try {
        InputStream in = server.getInputStream();
        OutputStream out = client.getOutputStream();
        while (true) {
          byte[] head = readHead(in);
          if (head == null) {
            client.shutdownOutput();
            return;
          }
          String text = new String(head, StandardCharsets.ISO_8859_1);
          byte[] body = in.readNBytes(contentLength(text));
          Pending request = pending.take();
          int status = Integer.parseInt(text.substring(9, 12));
          if (request.command().equals("open") && status == 200) {
            sessionIds.add(new String(body, StandardCharsets.US_ASCII).trim());
          }
          exchanges.add(
              new Exchange(
                  number,
                  request.command(),
                  request.path(),
                  request.requestBytes(),
                  status,
                  request.fault()));
          if (request.fault() == null) {
            out.write(head);
            out.write(body);
            out.flush();
            continue;
          }
          switch (request.fault()) {
            case LOSE_REPLY -> {
              reset(client);
              closeQuietly(server);
            }
            case RESET -> {
              out.write(head);
              out.flush();
              reset(client);
              reset(server);
            }
            case CONNECTION_CLOSE -> {
              out.write(withConnectionClose(text).getBytes(StandardCharsets.ISO_8859_1));
              out.write(body);
              out.flush();
              client.close();
              closeQuietly(server);
            }
            case LOSE_REQUEST -> throw new IllegalStateException("a lost request has no reply");
          }
          return;
        }
      } catch (IOException e) {
        reset(client);
        closeQuietly(server);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized Fault faultFor(String command, int occurrence) {
    for (Rule rule : rules) {
      if (rule.command().equals(command) && rule.occurrence() == occurrence) {
        fired.add(rule);
        return rule.fault();
      }
    }
    return null;
  }

  /** The head up to and including the blank line, or null at a clean end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("connection ended inside a message head");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0D0A0D0A) {
        return head.toByteArray();
      }
      if (head.size() > MAX_HEAD_BYTES) {
        throw new IOException("message head over " + MAX_HEAD_BYTES + " bytes");
      }
    }
  }

  private static int contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Transfer-Encoding")) {
          throw new IOException("chunked messages are not proxied: " + line);
        }
        if (name.equalsIgnoreCase("Content-Length")) {
          return Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
    }
    return 0;
  }

  private static String withConnectionClose(String head) {
    List<String> lines = new ArrayList<>();
    for (String line : head.split("\r\n")) {
      if (!line.regionMatches(true, 0, "Connection:", 0, "Connection:".length())) {
        lines.add(line);
      }
    }
    lines.add("Connection: close");
    return String.join("\r\n", lines) + "\r\n\r\n";
  }

  private static String command(String path) {
    String[] segments = path.split("/");
    return segments.length > 1 ? segments[1] : "";
  }

  /** Closes with a TCP reset (SO_LINGER 0) rather than a FIN. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // closed already
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[:" + port() + " -> " + target.getPort() + ", " + rules + "]";
  }
}
