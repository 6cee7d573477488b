package io.rtmpt.webapp.tunnel.measure;

import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A plain blocking-socket peer to a backend RTMP server, one reader thread per tunnel. For
 * measurements with real clients only; the product's backend bridge is a separate, Netty-based
 * implementation.
 */
final class SocketPeerFactory implements TunnelPeerFactory {

  private final InetSocketAddress backend;

  SocketPeerFactory(InetSocketAddress backend) {
    this.backend = backend;
  }

  @Override
  public TunnelPeer open(TunnelClient client, Runnable onReadable) throws IOException {
    Socket socket = new Socket();
    socket.connect(backend, 5_000);
    socket.setTcpNoDelay(true);
    return new SocketPeer(socket, client.sessionId(), onReadable);
  }

  private static final class SocketPeer implements TunnelPeer {
    private final Socket socket;
    private final OutputStream out;
    private byte[] pending = new byte[0];
    private boolean eof;
    private final Runnable listener;

    SocketPeer(Socket socket, String name, Runnable listener) throws IOException {
      this.socket = socket;
      this.listener = listener;
      this.out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      Thread reader = new Thread(() -> pump(in), "backend-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    private void pump(InputStream in) {
      byte[] buffer = new byte[64 * 1024];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (this) {
            byte[] more = Arrays.copyOf(pending, pending.length + n);
            System.arraycopy(buffer, 0, more, pending.length, n);
            pending = more;
          }
          listener.run();
        }
      } catch (IOException e) {
        // the socket was closed, by us or by the backend: both end the stream
      }
      synchronized (this) {
        eof = true;
      }
      listener.run();
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      out.write(copy);
      out.flush();
    }

    @Override
    public synchronized byte[] read(int maxBytes) {
      int n = Math.min(maxBytes, pending.length);
      byte[] out = Arrays.copyOf(pending, n);
      pending = Arrays.copyOfRange(pending, n, pending.length);
      return out;
    }

    @Override
    public synchronized boolean isClosed() {
      return eof && pending.length == 0;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
