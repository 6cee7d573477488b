package io.rtmpt.webapp.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The executable's HTTP(S) connector with Linux's {@code TCP_QUICKACK} set again after every read
 * ({@code --tcp-quickack}, on by default where the option exists).
 *
 * <p>Why: ffmpeg writes each RTMPT request's head and body in two writes on a socket without {@code
 * TCP_NODELAY} (libavformat's http.c and rtmphttp.c; {@code docs/client-behaviour.md}). Its kernel
 * holds the body back (Nagle) until the head is acknowledged, and ours delays that acknowledgement
 * for up to 40 ms, so every request of an ffmpeg publisher or player waits about 40 ms. Quick-ack
 * mode acknowledges at once; the kernel leaves it again by itself after some segments, which is why
 * it is set after each read (it does not persist). Measured in benchmark B4 (phase 1's experiment):
 * ffmpeg's added latency p50 from 24.6 to 2.3 ms, and B6's RTMPT push from 0.69 to 0.36 s. Clients
 * that send a request in one write (librtmp, Flash) are unaffected.
 *
 * <p>Standalone Jetty and Tomcat have no setting for this: there the stall stays.
 */
final class QuickAckConnector extends ServerConnector {
  QuickAckConnector(Server server, ConnectionFactory... factories) {
    super(server, factories);
  }

  /** True where the JDK offers {@code TCP_QUICKACK} on a socket channel (Linux). */
  static boolean supported() {
    try (SocketChannel probe = SocketChannel.open()) {
      return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  protected SocketChannelEndPoint newEndPoint(
      SocketChannel channel, ManagedSelector selector, SelectionKey key) {
    SocketChannelEndPoint endPoint = new QuickAckEndPoint(channel, selector, key, this);
    endPoint.setIdleTimeout(getIdleTimeout());
    return endPoint;
  }

  private static final class QuickAckEndPoint extends SocketChannelEndPoint {
    private boolean enabled = true;

    QuickAckEndPoint(
        SocketChannel channel,
        ManagedSelector selector,
        SelectionKey key,
        QuickAckConnector connector) {
      super(channel, selector, key, connector.getScheduler());
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
      int filled = super.fill(buffer);
      if (filled > 0 && enabled) {
        try {
          getChannel().setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        } catch (IOException | UnsupportedOperationException e) {
          enabled = false; // closed meanwhile, or not offered: nothing to speed up
        }
      }
      return filled;
    }
  }
}
