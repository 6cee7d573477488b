package io.rtmpt.engine.session;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.handshake.ServerHandshake;
import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.monitor.RateMeter;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RTMP connection, without any I/O: transports feed it the bytes they
 * receive ({@link #onBytes}) and send what {@link #pollOutbound} returns when the {@link
 * SessionListener} says bytes are ready. The Netty TCP listener and the RTMPT servlets drive the
 * same class.
 *
 * <pre>
 *   HANDSHAKING --C0 C1 C2--> AWAITING_CONNECT --connect--> CONNECTED
 *        |                          |                           |
 *        +------ error, close, timeout (transport) -------------+--> CLOSED
 * </pre>
 *
 * <p>Threads: {@link #onBytes} is called by one transport thread at a time; {@link #close} from any
 * thread; {@link #pollOutbound} from any thread. Media for players arrives on publishers' threads
 * through {@link PlayStream}.
 */
public final class ServerSession {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

  /** Life cycle of a session. */
  public enum State {
    HANDSHAKING,
    AWAITING_CONNECT,
    CONNECTED,
    CLOSED
  }

  private final RtmpEngine engine;
  private final EngineConfig config;
  private final long id;
  private final Transport transport;
  private final String remoteAddress;
  private final SessionListener listener;
  private final ReentrantLock inputLock = new ReentrantLock();
  private final ServerHandshake handshake = new ServerHandshake();
  private final TransportCipher cipher = new TransportCipher(); // RTMPE; passive for plain RTMP
  private final ChunkDecoder decoder;
  private final OutboundQueue out = new OutboundQueue();
  private final RateMeter inbound = new RateMeter();
  private final List<RawMessage> decoded = new ArrayList<>();
  private final CommandHandler commands;
  private final long openedAtMillis = System.currentTimeMillis();

  private volatile State state = State.HANDSHAKING;
  private volatile long lastActivityMillis = openedAtMillis;
  private volatile String pendingCloseReason;
  private volatile String closeReason;
  private long handshakeBytes;
  private long acknowledgementWindow;
  private long lastAcknowledged;
  private volatile long droppedFrames;

  public ServerSession(
      RtmpEngine engine,
      long id,
      Transport transport,
      String remoteAddress,
      SessionListener listener) {
    this.engine = engine;
    this.config = engine.config();
    this.id = id;
    this.transport = transport;
    this.remoteAddress = remoteAddress;
    this.listener = listener;
    this.decoder = new ChunkDecoder(config.chunkLimits());
    this.commands = new CommandHandler(this, engine, out);
  }

  /**
   * Processes bytes received from the client: handshake, then chunks, messages and commands.
   * Replies are queued for {@link #pollOutbound}. A protocol violation closes the session and is
   * rethrown so that the transport closes the connection and logs the reason.
   */
  public void onBytes(ByteBuffer in) throws RtmpProtocolException {
    inputLock.lock();
    try {
      if (state == State.CLOSED) {
        in.position(in.limit());
        return;
      }
      int received = in.remaining();
      inbound.add(received);
      lastActivityMillis = System.currentTimeMillis();
      engine.listener().bytes(transport, received, 0);
      if (state == State.HANDSHAKING) {
        int before = in.position();
        HandshakeResult result = handshake.process(in);
        handshakeBytes += in.position() - before;
        if (result.response().length > 0) {
          handshake.rtmpeKeys().ifPresent(k -> cipher.start(k, result.response().length));
          out.addRaw(result.response());
        }
        if (!result.complete()) {
          listener.outboundReady();
          return;
        }
        state = State.AWAITING_CONNECT;
      }
      decoded.clear();
      cipher.decrypt(in);
      decoder.decode(in, decoded::add);
      for (RawMessage raw : decoded) {
        dispatch(raw);
        if (state == State.CLOSED) {
          break;
        }
      }
      acknowledgeIfDue();
    } catch (RtmpProtocolException e) {
      engine.listener().protocolError(info(), e.getMessage());
      closeLocked("protocol error: " + e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // A bug, not the peer's fault: end this session only, with the cause in the log.
      LOG.error("{}: internal error, closing the session", describe(), e);
      closeLocked("internal error: " + e);
      throw e;
    } finally {
      decoded.clear();
      inputLock.unlock();
    }
    closeIfRequested();
    listener.outboundReady();
  }

  private void dispatch(RawMessage raw) throws RtmpProtocolException {
    RtmpMessage message = MessageCodec.decode(raw);
    if (LOG.isTraceEnabled()) {
      LOG.trace(
          "session {} <- csid {} stream {} ts {}: {}",
          id,
          raw.chunkStreamId(),
          raw.messageStreamId(),
          raw.timestamp(),
          message);
    }
    commands.handle(raw, message);
  }

  private void acknowledgeIfDue() {
    if (acknowledgementWindow <= 0) {
      return;
    }
    long received = handshakeBytes + decoder.bytesRead();
    if (received - lastAcknowledged >= acknowledgementWindow) {
      lastAcknowledged = received;
      out.add(
          MessageCodec.toRaw(
              new Acknowledgement(received & 0xFFFFFFFFL), ChunkStreams.CONTROL, 0, 0));
    }
  }

  /**
   * Up to about {@code maxBytes} bytes to send to the client (never half a message), or an empty
   * array. Safe from any thread.
   */
  public byte[] pollOutbound(int maxBytes) {
    closeIfRequested();
    byte[] bytes = cipher.encryptPolled(out::poll, maxBytes);
    if (bytes.length > 0) {
      engine.listener().bytes(transport, 0, bytes.length);
    }
    return bytes;
  }

  /** True when {@link #pollOutbound} would return bytes. */
  public boolean hasOutbound() {
    return !out.isEmpty();
  }

  /**
   * Ends the session: its publishes end (players are told), its plays detach, queued bytes are
   * dropped. Idempotent; the transport closes the connection when it sees {@link #isClosed}.
   */
  public void close(String reason) {
    inputLock.lock();
    try {
      closeLocked(reason);
    } finally {
      inputLock.unlock();
    }
    listener.outboundReady();
  }

  private void closeLocked(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeReason = reason;
    commands.closeAll();
    out.close();
    engine.sessionClosed(this, reason);
  }

  /**
   * Asks for the session to be closed by the next thread that can do so safely (a player that
   * overflowed its queue is detected on a publisher's thread, under the stream's lock).
   */
  void requestClose(String reason) {
    if (pendingCloseReason == null) {
      pendingCloseReason = reason;
    }
  }

  private void closeIfRequested() {
    String reason = pendingCloseReason;
    if (reason != null && state != State.CLOSED && inputLock.tryLock()) {
      try {
        closeLocked(reason);
      } finally {
        inputLock.unlock();
      }
    }
  }

  /** A publisher delivered media to one of this session's players. */
  void outboundReady(int droppedNow) {
    if (droppedNow > 0) {
      droppedFrames += droppedNow;
      engine.listener().framesDropped(info(), droppedNow);
    }
    listener.outboundReady();
  }

  void connected() {
    state = State.CONNECTED;
  }

  void setAcknowledgementWindow(long size) {
    acknowledgementWindow = size;
  }

  public boolean isClosed() {
    return state == State.CLOSED || pendingCloseReason != null;
  }

  public State state() {
    return state;
  }

  public long id() {
    return id;
  }

  public Transport transport() {
    return transport;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  public String closeReason() {
    return closeReason;
  }

  public long lastActivityMillis() {
    return lastActivityMillis;
  }

  public long openedAtMillis() {
    return openedAtMillis;
  }

  /** For logs: "rtmp 127.0.0.1:5678 #12". */
  public String describe() {
    return transport.label() + " " + remoteAddress + " #" + id;
  }

  /** A snapshot for the console and the API. */
  public SessionInfo info() {
    return new SessionInfo(
        id,
        transport,
        remoteAddress,
        state.name().toLowerCase(java.util.Locale.ROOT),
        commands.app(),
        commands.publishing(),
        commands.playing(),
        commands.flashVer(),
        openedAtMillis,
        lastActivityMillis,
        inbound.total(),
        out.bytesOut(),
        inbound.bitsPerSecond(),
        out.bitsPerSecond(),
        droppedFrames);
  }

  /** Bytes queued for this session's players (for tests and the console). */
  public long queuedMediaBytes() {
    return commands.queuedMediaBytes();
  }

  @Override
  public String toString() {
    return "ServerSession[" + describe() + ", " + state + "]";
  }
}
