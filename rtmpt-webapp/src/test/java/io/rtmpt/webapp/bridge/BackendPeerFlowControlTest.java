package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.bridge.BackendPeerFactory.BackendTunnelStats;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The backend connection's flow control with a real socket: a backend that writes as fast as it
 * can, and a reader that takes the bytes as fast as it can, so the buffer fills and empties
 * thousands of times. Every byte must arrive in order, the buffer must stay within its bound, and
 * reading must never stop for good (a pause decided after the buffer was emptied, with nobody left
 * to resume it, would stall the tunnel).
 */
class BackendPeerFlowControlTest {
  private static final int LIMIT = 64 * 1024;
  private static final int TOTAL = 64 * 1024 * 1024;

  /** No byte for this long while the backend still has some to send means the tunnel stalled. */
  private static final Duration STALL = Duration.ofSeconds(3);

  @Test
  void aReaderThatKeepsTakingBytesGetsEveryByteAndTheBufferStaysBounded() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        BackendPeerFactory factory =
            new BackendPeerFactory("127.0.0.1", listener.getLocalPort(), LIMIT, 2000)) {
      CompletableFuture<Void> backend = CompletableFuture.runAsync(() -> serve(listener));
      AtomicInteger signals = new AtomicInteger();
      TunnelPeer peer =
          factory.open(
              new TunnelClient("flow", "127.0.0.1", 0, null, false), signals::incrementAndGet);

      long received = 0;
      long lastProgress = System.nanoTime();
      while (!peer.isClosed()) {
        byte[] bytes = peer.read(256 * 1024);
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] != (byte) ((received + i) % 251)) {
            throw new AssertionError("byte " + (received + i) + " out of order");
          }
        }
        received += bytes.length;
        long now = System.nanoTime();
        if (bytes.length > 0) {
          lastProgress = now;
        } else if (now - lastProgress > STALL.toNanos()) {
          throw new AssertionError(
              "no byte for "
                  + STALL
                  + " after "
                  + received
                  + " of "
                  + TOTAL
                  + ": "
                  + factory.tunnel("flow").map(BackendTunnelStats::toString).orElse("?"));
        }
      }

      assertEquals(TOTAL, received);
      backend.get(10, TimeUnit.SECONDS);
      assertTrue(signals.get() > 0, "the listener was called");
      BackendTunnelStats stats = factory.tunnel("flow").orElseThrow();
      assertEquals(TOTAL, stats.bytesFromBackend());
      assertTrue(
          stats.peakBufferedBytes() <= LIMIT + BackendPeerFactory.MAX_READ_BYTES, stats.toString());
      peer.close();
      assertTrue(factory.tunnel("flow").isEmpty(), "a closed peer is forgotten");
    }
  }

  @Test
  void aBackendThatStopsReadingHoldsTheWriterBackAndThenFailsIt() throws Exception {
    int body = 256 * 1024;
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReceiveBufferSize(4096);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      // The connection waits in the accept queue: established, and nobody ever reads it.
      try (BackendPeerFactory factory =
          new BackendPeerFactory("127.0.0.1", listener.getLocalPort(), LIMIT, 2000, 500)) {
        TunnelPeer peer =
            factory.open(new TunnelClient("stuck", "127.0.0.1", 0, null, false), () -> {});
        long queuedMost = 0;
        IOException failure = null;
        long failedAfterMillis = -1;
        for (int i = 0; i < 256 && failure == null; i++) {
          long start = System.nanoTime();
          try {
            peer.write(ByteBuffer.wrap(new byte[body]));
          } catch (IOException e) {
            failure = e;
            failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          }
          queuedMost =
              Math.max(queuedMost, factory.tunnel("stuck").orElseThrow().queuedToBackend());
        }

        assertTrue(
            queuedMost <= body + 64 * 1024,
            "at most one write (plus Netty's high water mark) waits in memory: " + queuedMost);
        assertTrue(failure != null, "a backend that takes nothing fails the write");
        assertTrue(
            failedAfterMillis >= 400,
            "after the 500 ms write timeout: " + failedAfterMillis + " ms");
        assertTrue(failure.getMessage().contains("500 ms"), failure.getMessage());
      }
    }
  }

  private static void serve(ServerSocket listener) {
    try (Socket socket = listener.accept()) {
      OutputStream out = socket.getOutputStream();
      byte[] block = new byte[32 * 1024];
      for (int sent = 0; sent < TOTAL; sent += block.length) {
        for (int i = 0; i < block.length; i++) {
          block[i] = (byte) ((sent + i) % 251);
        }
        out.write(block);
      }
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
