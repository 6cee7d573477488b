package io.rtmpt.engine.testing;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A link wired straight to a {@link ServerSession} in memory, with no transport: what is sent goes
 * into {@code onBytes} (a protocol error is thrown back to the sender), what is received is
 * whatever {@code pollOutbound} returns when the test asks. Nothing arrives by itself, so {@link
 * #receive} never waits. A client that never receives is a player that stopped reading.
 */
public final class SessionLink implements Link {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(40000);

  private final ServerSession session;
  private final AtomicInteger wakeUps = new AtomicInteger();

  private SessionLink(RtmpEngine engine, Transport transport, String address) throws IOException {
    this.session = engine.openSession(transport, address, wakeUps::incrementAndGet);
  }

  /** A new RTMP session of {@code engine}, from a made-up loopback address. */
  public static SessionLink open(RtmpEngine engine) throws IOException {
    return new SessionLink(engine, Transport.RTMP, "127.0.0.1:" + NEXT_PORT.getAndIncrement());
  }

  /** The session behind the link. */
  public ServerSession session() {
    return session;
  }

  /** How often the session told its transport that bytes are ready. */
  public int wakeUps() {
    return wakeUps.get();
  }

  @Override
  public void send(byte[] bytes) throws IOException {
    session.onBytes(ByteBuffer.wrap(bytes));
  }

  /** Everything the session has queued now; the timeout is not needed in memory. */
  @Override
  public byte[] receive(Duration timeout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      byte[] bytes = session.pollOutbound(1 << 20);
      if (bytes.length == 0) {
        break;
      }
      out.write(bytes);
    }
    if (out.size() == 0 && session.isClosed()) {
      throw new EOFException(session.describe() + " closed: " + session.closeReason());
    }
    return out.toByteArray();
  }

  /** Closes the session, as a transport does when its connection ends. */
  @Override
  public void close() {
    session.close("test link closed");
  }
}
