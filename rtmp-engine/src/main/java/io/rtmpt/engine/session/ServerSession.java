package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.handshake.ServerHandshake;
import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.monitor.RateMeter;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RTMP connection, without any I/O: transports feed it the bytes they
 * receive ({@link #onBytes}) and send what {@link #pollOutbound} returns when the {@link
 * SessionListener} says bytes are ready. The Netty TCP listener and the RTMPT servlets drive the
 * same class; sessions are made by {@link SessionRegistry#open}.
 *
 * <p>Inside, the work is split by job: the handshake, the chunk decoder, an {@link AckWindow} and
 * the life cycle here; {@link MessageRouter} hands each message to {@link NetConnection}
 * (connection commands) or {@link NetStreams} and {@link NetStreamCommands} (the message streams);
 * {@link OutboundQueue} holds what goes out.
 *
 * <p>Threads: {@link #onBytes} is called by one transport thread at a time; {@link #close} and
 * {@link #pollOutbound} from any thread. Media for players arrives on publishers' threads through
 * {@link PlayStream}. Locks: see the package documentation.
 */
public final class ServerSession {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

  /**
   * Life cycle of a session. Each transition has one method: {@code handshake} (to
   * AWAITING_CONNECT), {@code connected} (to CONNECTED, when {@link NetConnection} reports an
   * accepted connect) and {@code closeLocked} (to CLOSED). Closing is a request any thread can make
   * ({@code requestClose}, for a player whose queue overflowed on a publisher's thread); {@link
   * #isClosing()} is true from then until the next thread that can close safely does so.
   *
   * <pre>
   *   HANDSHAKING --C0 C1 C2--&gt; AWAITING_CONNECT --connect accepted--&gt; CONNECTED
   *        |                           |                                   |
   *        +-- protocol or internal error, close(reason) -----------------+--&gt; CLOSED
   *        |                           |                                   |     ^
   *        +-- requestClose: isClosing() ----------------------------------+     |
   *                 the next onBytes, pollOutbound or close ----------------------+
   * </pre>
   */
  public enum State {
    HANDSHAKING,
    AWAITING_CONNECT,
    CONNECTED,
    CLOSED
  }

  private final SessionRegistry host;
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
  private final AckWindow ack = new AckWindow();
  private final NetStreams streams;
  private final NetConnection connection;
  private final MessageRouter router;
  private final long openedAtMillis = System.currentTimeMillis();

  private volatile State state = State.HANDSHAKING;
  private volatile long lastActivityMillis = openedAtMillis;
  private volatile String closeRequest;
  private volatile String closeReason;
  private volatile long droppedFrames;

  ServerSession(
      SessionRegistry host,
      long id,
      Transport transport,
      String remoteAddress,
      SessionListener listener) {
    this.host = host;
    this.id = id;
    this.transport = transport;
    this.remoteAddress = remoteAddress;
    this.listener = listener;
    this.decoder = new ChunkDecoder(host.config().chunkLimits());
    Responder responder = new Responder(out);
    this.streams = new NetStreams(this, host, responder);
    NetStreamCommands streamCommands = new NetStreamCommands(this, host, responder, out, streams);
    this.connection =
        new NetConnection(this, host.config(), responder, out, ack, streams, streamCommands);
    this.router = new MessageRouter(this, streams, connection);
  }

  /**
   * Processes bytes received from the client: handshake, then chunks, messages and commands, and
   * consumes all of {@code in}. Replies are queued for {@link #pollOutbound}. After a close the
   * bytes are dropped.
   *
   * @throws RtmpProtocolException on a protocol violation: the session is then closed, and the
   *     transport closes the connection and logs the reason
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
      host.events().bytes(transport, received, 0);
      if (state == State.HANDSHAKING && !handshake(in)) {
        listener.outboundReady();
        return;
      }
      decodeAndDispatch(in);
    } catch (RtmpProtocolException e) {
      host.events().protocolError(info(), e.getMessage());
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

  /** HANDSHAKING to AWAITING_CONNECT once C2 is in; true then, false while incomplete. */
  private boolean handshake(ByteBuffer in) throws RtmpProtocolException {
    int before = in.position();
    HandshakeResult result = handshake.process(in);
    ack.received(in.position() - before);
    if (result.response().length > 0) {
      handshake.rtmpeKeys().ifPresent(k -> cipher.start(k, result.response().length));
      out.addRaw(result.response());
    }
    if (!result.complete()) {
      return false;
    }
    state = State.AWAITING_CONNECT;
    return true;
  }

  private void decodeAndDispatch(ByteBuffer in) throws RtmpProtocolException {
    int before = in.position();
    decoded.clear();
    cipher.decrypt(in);
    decoder.decode(in, decoded::add);
    ack.received(in.position() - before);
    for (RawMessage raw : decoded) {
      if (router.route(raw) == NetConnection.Event.CONNECTED) {
        connected();
      }
      if (state == State.CLOSED) {
        return;
      }
    }
    Acknowledgement due = ack.due();
    if (due != null) {
      out.add(Responder.controlMessage(due));
    }
  }

  /** AWAITING_CONNECT to CONNECTED: the client's connect was accepted. */
  private void connected() {
    if (state == State.AWAITING_CONNECT) {
      state = State.CONNECTED;
    }
  }

  /**
   * Up to {@code maxBytes} bytes to send to the client, or an empty array; whole messages only: it
   * stops before a message that would cross {@code maxBytes}, unless nothing was taken yet, so a
   * single message larger than {@code maxBytes} comes alone. Safe from any thread; never blocks on
   * the input.
   *
   * @param maxBytes the most bytes wanted, at least 1
   */
  public byte[] pollOutbound(int maxBytes) {
    closeIfRequested();
    byte[] bytes = cipher.encryptPolled(out::poll, maxBytes);
    if (bytes.length > 0) {
      host.events().bytes(transport, 0, bytes.length);
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

  /**
   * Stops every stream of the session and tells the client, but keeps the connection (see {@code
   * NetStreams.stopAll}): what a server that is going away does before it closes, so that players
   * see the end of their stream instead of a broken connection, and may disconnect themselves.
   * Media already queued for a player goes out before its Stream EOF and Play.Stop; nothing follows
   * them. Any thread; does nothing once the session is closed.
   *
   * @return how many streams were stopped (0: there was nothing to tell)
   */
  public int stopStreams(String reason) {
    int stopped;
    inputLock.lock();
    try {
      if (state == State.CLOSED) {
        return 0;
      }
      stopped = streams.stopAll(reason);
    } finally {
      inputLock.unlock();
    }
    if (stopped > 0) {
      LOG.info("{}: {} stream(s) stopped, client told ({})", describe(), stopped, reason);
      listener.outboundReady();
    }
    return stopped;
  }

  /** Any state to CLOSED, once; the input lock is held. */
  private void closeLocked(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeReason = reason;
    streams.closeAll();
    out.close();
    host.closed(this, reason);
  }

  /**
   * Asks for the session to be closed by the next thread that can do so safely (a player that
   * overflowed its queue is detected on a publisher's thread, under the stream's lock).
   */
  void requestClose(String reason) {
    if (closeRequest == null) {
      closeRequest = reason;
    }
  }

  private void closeIfRequested() {
    String reason = closeRequest;
    if (reason != null && state != State.CLOSED && inputLock.tryLock()) {
      try {
        closeLocked(reason);
      } finally {
        inputLock.unlock();
      }
    }
  }

  /** A publisher delivered media to one of this session's players, dropping some for it. */
  void outboundReady(int droppedNow) {
    if (droppedNow > 0) {
      droppedFrames += droppedNow;
      host.events().framesDropped(info(), droppedNow);
    }
    listener.outboundReady();
  }

  /** True once the session is CLOSED (queued bytes are dropped then). */
  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /** True while a close was requested but has not happened yet (see {@link State}). */
  public boolean isClosing() {
    return closeRequest != null && state != State.CLOSED;
  }

  /** The life cycle state now. */
  public State state() {
    return state;
  }

  /** Engine-wide id, from 1. */
  public long id() {
    return id;
  }

  /** The transport that carries the session. */
  public Transport transport() {
    return transport;
  }

  /** The client's address and port as text ("127.0.0.1:5678"). */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** Why the session closed, or null while open. */
  public String closeReason() {
    return closeReason;
  }

  /** Wall-clock time ({@link System#currentTimeMillis}) of the last byte received, in ms. */
  public long lastActivityMillis() {
    return lastActivityMillis;
  }

  /** Wall-clock time ({@link System#currentTimeMillis}) the session was opened, in ms. */
  public long openedAtMillis() {
    return openedAtMillis;
  }

  /** For logs: "rtmp 127.0.0.1:5678 #12". */
  public String describe() {
    return transport.label() + " " + remoteAddress + " #" + id;
  }

  /** A snapshot for the console and the API; safe from any thread. */
  public SessionInfo info() {
    NetStreams.Activity activity = streams.activity();
    String stateName = isClosing() ? "closing" : state.name().toLowerCase(Locale.ROOT);
    return new SessionInfo(
        id,
        transport,
        remoteAddress,
        stateName,
        connection.app(),
        activity.publishing(),
        activity.playing(),
        connection.flashVer(),
        openedAtMillis,
        lastActivityMillis,
        inbound.total(),
        out.bytesOut(),
        inbound.bitsPerSecond(),
        out.bitsPerSecond(),
        droppedFrames);
  }

  /** Media payload bytes queued for this session's players now (tests and the console). */
  public long queuedMediaBytes() {
    return streams.activity().queuedMediaBytes();
  }

  /** The session's NetStreams (tests of this package). */
  NetStreams streams() {
    return streams;
  }

  @Override
  public String toString() {
    return "ServerSession[" + describe() + ", " + state + "]";
  }
}
