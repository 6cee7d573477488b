package io.rtmpt.engine.session;

import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakeRefusedException;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.monitor.RateMeter;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RTMP connection, without any I/O: transports feed it the bytes they
 * receive ({@link #onBytes}) and send what {@link #pollOutbound} returns when the {@link
 * SessionListener} says bytes are ready. The Netty TCP listener and the RTMPT servlets drive the
 * same class; sessions are made by {@link SessionRegistry#open}.
 *
 * <p>Inside, the work is split by job: the life cycle, the locks and the public surface here;
 * {@link SessionInput} takes the bytes through the handshake, the chunk decoder and the {@link
 * AckWindow}; {@link MessageRouter} hands each message to {@link NetConnection} (connection
 * commands) or {@link NetStreams} and {@link NetStreamCommands} (the message streams); {@link
 * OutboundQueue} holds what goes out.
 *
 * <p>Connect, publish and play pass the engine's {@link StreamGate} ({@link Admission}). While a
 * decision is pending ({@link #isAdmitting}) the client's further messages are decoded and held, up
 * to {@code Admission.MAX_HELD_INPUT_BYTES}, and acted on once the decision is applied ({@link
 * #decided}), on the thread that completed it, under the input lock.
 *
 * <p>Time: the session has no thread and reads no clock of its own accord. The engine's clock
 * stamps the bytes that come and go, and {@link #tick}, which the transport or the engine calls
 * every {@code EngineConfig.tickInterval()}, decides what is due: the handshake timeout, a ping to
 * a quiet peer or its close ({@link Liveness}), and the end of a player's wait for a publisher.
 *
 * <p>Threads: {@link #onBytes} is called by one transport thread at a time; {@link #close}, {@link
 * #tick} and {@link #pollOutbound} from any thread. Media for players arrives on publishers'
 * threads through {@link PlayStream}; gate decisions arrive on the gate's threads. Locks: see the
 * package documentation.
 */
public final class ServerSession {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

  /**
   * Life cycle of a session. Each transition has one method, all of them here: {@code handshake}
   * (to AWAITING_CONNECT), {@code connected} (to CONNECTED, when {@link NetConnection} reports an
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
  private final TransportCipher cipher = new TransportCipher(); // RTMPE; passive for plain RTMP
  private final OutboundQueue out = new OutboundQueue();
  private final RateMeter inbound = new RateMeter();
  private final Admission admission;
  private final SessionInput input;
  private final NetStreams streams;
  private final NetConnection connection;
  private final NetStreamCommands streamCommands;
  private final Liveness liveness;
  private final long openedAtMillis = System.currentTimeMillis();

  private volatile State state = State.HANDSHAKING;
  private volatile long lastActivityMillis = openedAtMillis;
  private volatile long lastReceivedNanos;
  private volatile long lastSentNanos;
  private volatile long pongsReceived;
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
    AckWindow ack = new AckWindow();
    Responder responder = new Responder(out);
    this.admission = new Admission(this, host.gate());
    this.streams = new NetStreams(this, host, responder);
    this.streamCommands = new NetStreamCommands(this, host, responder, out, streams);
    this.connection =
        new NetConnection(this, host.config(), responder, out, ack, streams, streamCommands);
    MessageRouter router = new MessageRouter(this, streams, connection);
    this.input = new SessionInput(this, host, cipher, out, ack, admission, router);
    long openedAtNanos = host.nanoTime();
    this.liveness = new Liveness(host.config(), openedAtNanos);
    this.lastReceivedNanos = openedAtNanos;
    this.lastSentNanos = openedAtNanos;
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
      if (received > 0) {
        lastReceivedNanos = host.nanoTime();
        lastActivityMillis = System.currentTimeMillis();
      }
      host.events().bytes(transport, received, 0);
      if (state == State.HANDSHAKING && !handshake(in)) {
        listener.outboundReady();
        return;
      }
      input.decodeAndRoute(in);
    } catch (RtmpProtocolException e) {
      if (e instanceof HandshakeRefusedException refused) {
        host.events().handshakeRefused(info(), refused.type(), e.getMessage());
      }
      host.events().protocolError(info(), e.getMessage());
      closeLocked("protocol error: " + e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // A bug, not the peer's fault: end this session only, with the cause in the log.
      LOG.error("{}: internal error, closing the session", describe(), e);
      closeLocked("internal error: " + e);
      throw e;
    } finally {
      inputLock.unlock();
    }
    closeIfRequested();
    listener.outboundReady();
  }

  /** HANDSHAKING to AWAITING_CONNECT once C2 is in; true then, false while incomplete. */
  private boolean handshake(ByteBuffer in) throws RtmpProtocolException {
    if (!input.handshake(in)) {
      return false;
    }
    state = State.AWAITING_CONNECT;
    return true;
  }

  /** AWAITING_CONNECT to CONNECTED: the client's connect was accepted ({@link NetConnection}). */
  void connected() {
    if (state == State.AWAITING_CONNECT) {
      state = State.CONNECTED;
    }
  }

  /**
   * Asks the engine's {@link StreamGate} about {@code request} and gives the verdict to {@code
   * then}, under the input lock: at once when the gate decided at once, else later on the thread
   * that completes the decision, with the client's input held meanwhile ({@link Admission}). Not
   * called after {@code then}, nor at all, once the session closed. Called on the input thread
   * under the input lock.
   */
  void admit(StreamGate.Request request, Consumer<StreamGate.Verdict> then) {
    admission.admit(request, then);
  }

  /**
   * A pending decision arrived: runs {@code apply} (which hands the verdict on) under the input
   * lock, then acts on the input held meanwhile. Does nothing once the session closed.
   */
  void decided(Runnable apply) {
    if (inputLock.isHeldByCurrentThread()) {
      // Completed between admit's isDone check and whenComplete, on the input thread itself: the
      // caller's loop goes on with the held input.
      apply.run();
      return;
    }
    inputLock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      apply.run();
      input.routeHeld();
    } catch (RtmpProtocolException e) {
      LOG.warn("{}: closing connection: {}", describe(), e.getMessage());
      host.events().protocolError(info(), e.getMessage());
      closeLocked("protocol error: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{}: internal error, closing the session", describe(), e);
      closeLocked("internal error: " + e);
    } finally {
      inputLock.unlock();
    }
    closeIfRequested();
    listener.outboundReady();
  }

  /** True while a {@link StreamGate} decision is pending and the client's input is held. */
  public boolean isAdmitting() {
    return admission.isPending();
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
    ByteBuffer polled = pollOutbound(maxBytes, 0);
    return polled.limit() == polled.capacity()
        ? polled.array()
        : Arrays.copyOf(polled.array(), polled.limit());
  }

  /**
   * As {@link #pollOutbound(int)}, without copying: the bytes are encoded into a fresh heap
   * buffer's array behind {@code headroom} free bytes (RTMPT's polling byte), at the buffer's
   * position up to its limit; the array starts at offset 0 and belongs to the caller. Nothing to
   * send: position = limit = {@code headroom}.
   *
   * @param maxBytes the most bytes wanted (headroom not counted), at least 1
   * @param headroom free bytes before them, 0 or more
   */
  public ByteBuffer pollOutbound(int maxBytes, int headroom) {
    closeIfRequested();
    ByteBuffer polled = cipher.encryptPolled(() -> out.poll(maxBytes, headroom));
    int n = polled.remaining();
    if (n > 0) {
      lastSentNanos = host.nanoTime();
      lastActivityMillis = System.currentTimeMillis();
      host.events().bytes(transport, 0, n);
    }
    return polled;
  }

  /**
   * Checks the session's timers against the engine's clock and acts on what is due: closes a
   * session that has not connected within the handshake timeout or whose peer left a ping
   * unanswered ({@link Liveness}), pings a quiet peer, ends plays that waited too long for a
   * publisher, and carries out a close requested by another thread. Called every {@code
   * EngineConfig.tickInterval()} by the transport's thread (TCP) or the engine (tunnels); safe from
   * any thread. Never blocks: while another thread feeds bytes in, the peer is evidently alive and
   * this tick does nothing.
   */
  public void tick() {
    if (state == State.CLOSED || !inputLock.tryLock()) {
      return;
    }
    boolean wake = false;
    try {
      if (state == State.CLOSED) {
        return;
      }
      long now = host.nanoTime();
      String reason = closeRequest;
      Liveness.Action action = Liveness.Action.NONE;
      if (reason == null) {
        boolean connected = state == State.CONNECTED;
        action = liveness.check(now, connected, lastReceivedNanos, lastSentNanos);
        if (action == Liveness.Action.CLOSE) {
          reason = liveness.closeReason(now, connected, lastReceivedNanos);
        }
      }
      if (reason != null) {
        closeLocked(reason);
        wake = true;
      } else {
        wake = streams.tick(now) | streamCommands.tick(now);
        if (action == Liveness.Action.PING) {
          UserControl ping = liveness.pingRequest(now);
          out.add(Responder.controlMessage(ping));
          LOG.debug("{}: quiet, {}", describe(), ping);
          wake = true;
        }
      }
    } finally {
      inputLock.unlock();
    }
    if (wake) {
      listener.outboundReady();
    }
  }

  /** True when {@link #pollOutbound} would return bytes. */
  public boolean hasOutbound() {
    return !out.isEmpty();
  }

  /**
   * Ends the session: its publishes end (players stay), its plays detach, queued bytes are dropped.
   * Idempotent; the transport closes the connection when it sees {@link #isClosed}.
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

  /** Any state to CLOSED, once, dropping what is queued; the input lock is held. */
  private void closeLocked(String reason) {
    closeLocked(reason, false);
  }

  /**
   * Any state to CLOSED after a refusal: what is queued (the refusal itself) is still sent, then
   * the transport closes the connection ({@link #isClosed} with {@link #hasOutbound} false). Called
   * under the input lock.
   */
  void closeAfterReply(String reason) {
    closeLocked(reason, true);
  }

  private void closeLocked(String reason, boolean sendQueued) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeReason = reason;
    admission.clear();
    streams.closeAll();
    if (sendQueued) {
      out.closeAfterQueued();
    } else {
      out.close();
    }
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

  /**
   * Asks for the session to be closed ({@link #requestClose}) and wakes its transport, which closes
   * it at its next poll (or the next {@link #tick}); safe from any thread and under any lock.
   */
  void endSoon(String reason) {
    requestClose(reason);
    listener.outboundReady();
  }

  /** The engine's clock now, in nanoseconds. */
  long nanoTime() {
    return host.nanoTime();
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

  /**
   * Wall-clock time ({@link System#currentTimeMillis}) the peer was last seen alive, in ms: the
   * last byte received from it or taken by the transport for it (see {@link Liveness}).
   */
  public long lastActivityMillis() {
    return lastActivityMillis;
  }

  /** Ping Requests sent to the peer because the connection was quiet. */
  public long pingsSent() {
    inputLock.lock();
    try {
      return liveness.pingsSent();
    } finally {
      inputLock.unlock();
    }
  }

  /** Ping Responses received from the peer. */
  public long pongsReceived() {
    return pongsReceived;
  }

  /** The peer answered a ping; on the input thread. */
  void pongReceived() {
    pongsReceived++;
  }

  /** Wall-clock time ({@link System#currentTimeMillis}) the session was opened, in ms. */
  public long openedAtMillis() {
    return openedAtMillis;
  }

  /** For logs: "rtmp 127.0.0.1:5678 #12", "rtmpte 127.0.0.1:5678 #13" once C0 asked for RTMPE. */
  public String describe() {
    return SessionInfo.variant(transport, input.handshakeType()) + " " + remoteAddress + " #" + id;
  }

  /** The handshake type the client's C0 asked for, or null before C0. */
  public HandshakeType handshakeType() {
    return input.handshakeType();
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
        droppedFrames,
        input.handshakeType());
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
