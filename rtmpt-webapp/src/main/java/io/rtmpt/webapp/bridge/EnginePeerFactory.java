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

/**
 * The in-process bridge: each tunnel drives a {@link ServerSession} of the shared engine, so
 * streams are common to RTMPT and the native RTMP listener.
 */
final class EnginePeerFactory implements TunnelPeerFactory {
  private final RtmpEngine engine;

  EnginePeerFactory(RtmpEngine engine) {
    this.engine = engine;
  }

  /**
   * Opens an engine session with transport {@code rtmpts} for a tunnel that came over TLS, else
   * {@code rtmpt}, and the client's address and port.
   *
   * @throws IOException the engine is at its connection limit
   */
  @Override
  public TunnelPeer open(TunnelClient client, Runnable onReadable) throws IOException {
    ServerSession session =
        engine.openSession(
            client.secure() ? Transport.RTMPTS : Transport.RTMPT,
            client.remoteAddress() + ":" + client.remotePort(),
            onReadable::run);
    return new EnginePeer(session);
  }

  /** One tunnel's engine session. */
  static final class EnginePeer implements TunnelPeer {
    private final ServerSession session;

    EnginePeer(ServerSession session) {
      this.session = session;
    }

    /**
     * Feeds the session. Its {@link RtmpProtocolException} (a {@code ProtocolException}) passes
     * unchanged, so that the tunnel counts a protocol error; a bug in the engine, which has logged
     * it with its stack and closed the session, becomes an {@link IOException}.
     */
    @Override
    public void write(ByteBuffer bytes) throws IOException {
      try {
        session.onBytes(bytes);
      } catch (RuntimeException e) {
        throw new IOException("internal error: " + e, e);
      }
    }

    @Override
    public byte[] read(int maxBytes) {
      return session.pollOutbound(maxBytes);
    }

    /** Encoded straight into the buffer behind the headroom (no copy). */
    @Override
    public ByteBuffer read(int maxBytes, int headroom) {
      return session.pollOutbound(maxBytes, headroom);
    }

    @Override
    public boolean isClosed() {
      return session.isClosed() && !session.hasOutbound();
    }

    @Override
    public void close() {
      session.close("tunnel closed");
    }

    @Override
    public OptionalLong engineSessionId() {
      return OptionalLong.of(session.id());
    }
  }
}
