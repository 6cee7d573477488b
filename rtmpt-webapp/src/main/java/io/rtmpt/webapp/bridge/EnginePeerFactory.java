package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.RtmpProtocolException;
import io.rtmpt.engine.Transport;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-process bridge: each tunnel drives a {@link ServerSession} of the shared engine, so
 * streams are common to RTMPT and the native RTMP listener.
 */
public final class EnginePeerFactory implements TunnelPeerFactory {
  private final RtmpEngine engine;

  public EnginePeerFactory(RtmpEngine engine) {
    this.engine = engine;
  }

  @Override
  public TunnelPeer open(TunnelClient client) throws IOException {
    AtomicReference<Runnable> listener = new AtomicReference<>();
    ServerSession session = engine.openSession(client.secure() ? Transport.RTMPTS : Transport.RTMPT,
        client.remoteAddress() + ":" + client.remotePort(), () -> {
          Runnable r = listener.get();
          if (r != null) {
            r.run();
          }
        });
    return new EnginePeer(session, listener);
  }

  /** One tunnel's engine session. */
  static final class EnginePeer implements TunnelPeer {
    private final ServerSession session;
    private final AtomicReference<Runnable> listener;

    EnginePeer(ServerSession session, AtomicReference<Runnable> listener) {
      this.session = session;
      this.listener = listener;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      try {
        session.onBytes(bytes);
      } catch (RtmpProtocolException e) {
        throw new IOException("rtmp protocol error: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new IOException("internal error: " + e, e);
      }
    }

    @Override
    public byte[] read(int maxBytes) {
      return session.pollOutbound(maxBytes);
    }

    @Override
    public boolean isClosed() {
      return session.isClosed() && !session.hasOutbound();
    }

    @Override
    public void setListener(Runnable onReadable) {
      listener.set(onReadable);
    }

    @Override
    public void close() {
      session.close("tunnel closed");
    }

    ServerSession session() {
      return session;
    }
  }
}
