package io.rtmpt.engine.testing;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP relay on 127.0.0.1 that records what one client sends to a server: put it between a real
 * client (ffmpeg, rtmpdump) and an in-process RTMP server to get real traffic as bytes, for seed
 * corpora. Only the client-to-server direction is kept. Closing it ends both connections.
 */
public final class TrafficCapture implements AutoCloseable {
  private static final int HANDSHAKE_BYTES = 1 + 2 * 1536;

  private final ServerSocket listener;
  private final int serverPort;
  private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

  /** Listens on an ephemeral port and relays the first connection to {@code serverPort}. */
  public TrafficCapture(int serverPort) throws IOException {
    this.serverPort = serverPort;
    this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::relay, "traffic-capture");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** What the client sent so far. */
  public synchronized byte[] clientBytes() {
    return clientBytes.toByteArray();
  }

  private void relay() {
    try (Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
      synchronized (this) {
        sockets.add(client);
        sockets.add(server);
      }
      Thread back = new Thread(() -> pump(server, client, false), "traffic-capture-back");
      back.setDaemon(true);
      back.start();
      pump(client, server, true);
      back.join(5000);
    } catch (IOException | InterruptedException e) {
      // closed: the capture is over
    }
  }

  private void pump(Socket from, Socket to, boolean record) {
    byte[] buffer = new byte[16384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (record) {
          synchronized (this) {
            clientBytes.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (this) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /** C0 C1 of a captured client stream. */
  public static byte[] c0c1(byte[] client) {
    return Arrays.copyOf(client, Math.min(client.length, 1 + 1536));
  }

  /** The chunk stream after C2. */
  public static byte[] chunkStream(byte[] client) {
    return Arrays.copyOfRange(client, Math.min(client.length, HANDSHAKE_BYTES), client.length);
  }

  /** The messages of a plain (not RTMPE) captured client stream, up to the first error. */
  public static List<RawMessage> messages(byte[] client) {
    List<RawMessage> messages = new ArrayList<>();
    try {
      new ChunkDecoder(ChunkLimits.defaults())
          .decode(ByteBuffer.wrap(chunkStream(client)), messages::add);
    } catch (RtmpProtocolException e) {
      // a capture cut mid-chunk: keep what decoded
    }
    return messages;
  }
}
