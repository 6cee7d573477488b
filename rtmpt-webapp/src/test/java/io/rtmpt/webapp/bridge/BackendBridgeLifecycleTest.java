package io.rtmpt.webapp.bridge;

import static io.rtmpt.webapp.bridge.BridgeFixtures.backendSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.TunnelLink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The backend bridge goes with its web application: connections closed, event loop threads stopped.
 */
class BackendBridgeLifecycleTest {

  @Test
  void destroyingTheContextClosesBackendConnectionsAndStopsTheEventLoops() throws Exception {
    try (ServerSocket backendListener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      EmbeddedWebapp webapp =
          EmbeddedWebapp.start(backendSettings("127.0.0.1:" + backendListener.getLocalPort()));
      BackendPeerFactory backend = webapp.backend();
      Socket accepted;
      try {
        TunnelLink tunnel = TunnelLink.open(webapp.httpBase());
        accepted = backendListener.accept();
        assertEquals(1, backend.openConnections());
        assertTrue(backend.tunnel(tunnel.sessionId()).isPresent());
        assertTrue(
            Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(BackendPeerFactory.THREAD_NAME)),
            "event loop threads are named " + BackendPeerFactory.THREAD_NAME + "-*");
      } finally {
        webapp.close();
      }

      try (Socket backendSide = accepted) {
        backendSide.setSoTimeout(5_000);
        assertEquals(
            -1, backendSide.getInputStream().read(), "the backend sees its connection closed");
      }
      assertEquals(0, backend.openConnections());
      assertTrue(backend.isTerminated(), "the event loop group is shut down with the context");
    }
  }
}
