package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.util.internal.InternalThreadLocalMap;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The container's request threads call the bridge; Netty must not leave its per-thread state on
 * them (Tomcat reports such thread-locals as a memory leak when the application is undeployed).
 */
class BackendPeerThreadLocalsTest {

  @Test
  void openWriteReadAndCloseLeaveNoNettyStateOnTheCallingThread() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread echo =
          new Thread(
              () -> {
                try (Socket s = backend.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                  byte[] buf = new byte[1024];
                  int n;
                  while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                  }
                } catch (java.io.IOException e) {
                  // closed by the test
                }
              });
      echo.start();
      BackendPeerFactory factory =
          new BackendPeerFactory("127.0.0.1", backend.getLocalPort(), 64 * 1024, 2000);
      try {
        byte[][] result = new byte[1][];
        Object[] leftOver = new Object[1];
        Thread caller =
            new Thread(
                () -> {
                  try {
                    TunnelPeer peer =
                        factory.open(
                            new TunnelClient("t1", "127.0.0.1", 1, "test", false), () -> {});
                    peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (got.size() < 4 && System.nanoTime() < deadline) {
                      got.write(peer.read(1024));
                      Thread.onSpinWait();
                    }
                    result[0] = got.toByteArray();
                    peer.close();
                    leftOver[0] = InternalThreadLocalMap.getIfSet();
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                });
        caller.start();
        caller.join(10_000);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, result[0], "bytes went through the bridge");
        assertNull(leftOver[0], "Netty's InternalThreadLocalMap left on the calling thread");
      } finally {
        factory.close();
        echo.join(5000);
      }
    }
  }
}
