package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.tunnel.TunnelClient;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import io.rtmpt.webapp.tunnel.TunnelPeerFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-process bridge: each tunnel drives a {@link ServerSession} of the shared engine, so
 * streams are common to RTMPT and the native RTMP listener.
 */
public final class EnginePeerFactory implements TunnelPeerFactory {
  /** Context attribute holding the factory (in engine mode), for the admin console. */
  public static final String ATTRIBUTE = EnginePeerFactory.class.getName();

  private final RtmpEngine engine;

  /** Engine session id by tunnel id, while the tunnel's peer is open. */
  private final ConcurrentHashMap<String, Long> engineSessionIds = new ConcurrentHashMap<>();

  public EnginePeerFactory(RtmpEngine engine) {
    this.engine = engine;
  }

  @Override
  public TunnelPeer open(TunnelClient client) throws IOException {
    AtomicReference<Runnable> listener = new AtomicReference<>();
    ServerSession session =
        engine.openSession(
            client.secure() ? Transport.RTMPTS : Transport.RTMPT,
            client.remoteAddress() + ":" + client.remotePort(),
            () -> {
              Runnable r = listener.get();
              if (r != null) {
                r.run();
              }
            });
    String tunnelId = client.sessionId();
    engineSessionIds.put(tunnelId, session.id());
    return new EnginePeer(session, listener, () -> engineSessionIds.remove(tunnelId));
  }

  /**
   * The id of the engine session behind a tunnel, so that the console can show a tunnel with the
   * application and streams its engine session knows; empty once the tunnel's peer is closed.
   */
  public OptionalLong engineSessionId(String tunnelId) {
    Long id = engineSessionIds.get(tunnelId);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** One tunnel's engine session. */
  static final class EnginePeer implements TunnelPeer {
    private final ServerSession session;
    private final AtomicReference<Runnable> listener;
    private final Runnable onClose;

    EnginePeer(ServerSession session, AtomicReference<Runnable> listener, Runnable onClose) {
      this.session = session;
      this.listener = listener;
      this.onClose = onClose;
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
      onClose.run();
      session.close("tunnel closed");
    }

    ServerSession session() {
      return session;
    }
  }
}
