package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.testing.Link;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link Link} straight onto a tunnel peer, without HTTP: what is sent goes into the peer's
 * {@code write} (its exceptions come back to the sender), what is received is what its {@code read}
 * returns, waiting for the peer's readable signal.
 */
final class PeerLink implements Link {
  private final TunnelPeer peer;
  private final Object signal = new Object();
  private long signals; // guarded by signal

  private PeerLink(TunnelPeerFactory factory, TunnelClient client) throws IOException {
    this.peer = factory.open(client, this::readable);
  }

  /** A peer of {@code factory} for an RTMPT (not TLS) tunnel with the session id {@code id}. */
  static PeerLink open(TunnelPeerFactory factory, String id) throws IOException {
    return new PeerLink(factory, new TunnelClient(id, "127.0.0.1", 40000, "PeerLink", false));
  }

  TunnelPeer peer() {
    return peer;
  }

  private void readable() {
    synchronized (signal) {
      signals++;
      signal.notifyAll();
    }
  }

  @Override
  public void send(byte[] bytes) throws IOException {
    peer.write(ByteBuffer.wrap(bytes.clone()));
  }

  @Override
  public byte[] receive(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (signal) {
        seen = signals;
      }
      byte[] bytes = peer.read(1 << 20);
      if (bytes.length > 0) {
        return bytes;
      }
      if (peer.isClosed()) {
        throw new EOFException("peer closed");
      }
      synchronized (signal) {
        while (signals == seen) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return bytes;
          }
          try {
            signal.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
      }
    }
  }

  @Override
  public String tcUrl(String app) {
    return "rtmpt://127.0.0.1/" + app;
  }

  @Override
  public void close() {
    peer.close();
  }
}
