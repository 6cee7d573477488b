package io.rtmpt.webapp.tunnel;

import io.rtmpt.webapp.config.RtmptConfig;
import io.rtmpt.webapp.tunnel.RtmptSessionInfo.State;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMPT tunnel: moves request bodies to its {@link TunnelPeer} and the peer's bytes into
 * replies, one request at a time and in sequence order.
 *
 * <p>Every request arrives suspended ({@link RtmptExchange}); whichever thread holds the session's
 * turn runs it and then the parked requests that follow it in sequence. An {@code /idle} with
 * nothing to send back keeps the turn while it is held. All state below is guarded by {@code lock};
 * the peer is never called with the lock held (the peer may call {@link #onPeerReadable()} from
 * under its own lock), and replies are written outside it.
 *
 * <p>The turn ({@link State}, the same names the console shows) says who may use the peer now.
 * Exactly one request is PROCESSING or HOLDING at a time; the thread that ends a request's run
 * passes the turn to the next parked request itself.
 *
 * <pre>
 *          request arrives, is NEXT                   run ends, nothing parked is NEXT
 *   WAITING ────────────────────────&gt; PROCESSING ──────────────────────────────────&gt; WAITING
 *                                        │  ^   │
 *     idle with nothing to send back,    │  │   └─ run ends, NEXT is parked: PROCESSING
 *     no signal from the peer since      │  │      again, the same thread runs it
 *     it was read, nothing NEXT parked   v  │
 *                                      HOLDING   released (answered with what the peer has)
 *                                                by: peer listener, hold timer, any request
 *                                                of the session arriving, the client
 *                                                abandoning the idle
 *
 *   any ── /close run, peer closed or failed, reorder timeout, a send taken as lost arriving
 *          late, session timeout (only from WAITING with nothing parked), admin close, registry
 *          shutdown ──&gt; CLOSED (final)
 * </pre>
 *
 * <p>Lost requests: a request ahead of its turn waits for the ones before it, at most {@code
 * rtmpt.reorder-timeout-ms}, unless it shows that they will never come: it came on a connection the
 * session has not used before while none of the session's requests was in flight, which is how a
 * sequential client (ffmpeg) carries on after a request died with its connection. The missing
 * numbers are then taken as lost at once. What the failed request leaves in the next one (its body
 * again, an idle's stray {@code 0x00}) is not fed, and a reply that was lost is sent again: see
 * {@link RequestRepair}.
 */
final class RtmptSession {

  private static final Logger LOG = LoggerFactory.getLogger(RtmptSession.class);

  private final String id;
  private final TunnelClient client;
  private final RtmptConfig config;
  private final SessionTimer timer;
  private final RtmptCounters counters;
  private final BiConsumer<RtmptSession, RtmptCloseReason> onClosed;
  private final TunnelCloseLog closeLog;
  private final Instant created = Instant.now();
  private final long createdNanos = System.nanoTime();

  private final Object lock = new Object();
  private State turn = State.WAITING;
  private final RequestOrder<RtmptExchange> order;
  private final RequestRepair repair = new RequestRepair();

  /** A {@code /close} without sequence number (HaishinKit) waiting for the turn. */
  private RtmptExchange waitingClose;

  private RtmptExchange held;
  private ScheduledFuture<?> holdTimer;

  /** The request whose run holds the turn (PROCESSING), or null. */
  private RtmptExchange turnHolder;

  /**
   * {@link #turnHolder} was answered already: the client has its reply and may be posting the next
   * request while this thread finishes the turn.
   */
  private boolean turnAnswered;

  /** Counts {@link #onPeerReadable()} calls, so a hold never misses one that came after a read. */
  private long readableSignals;

  private final PollingDelay pollingDelay = new PollingDelay();
  private RtmptCloseReason closeReason;
  private long requests;
  private long bytesIn;
  private long bytesOut;
  private long lastActivityNanos = createdNanos;
  private Instant lastActivity = created;

  private final TunnelPeer peer;
  private final OptionalLong engineSessionId;

  /**
   * Opens the session's peer, handing it {@link #onPeerReadable()} as its listener. That is the
   * constructor's last step: the listener may run on the peer's thread before the constructor
   * returns, and it uses only state assigned above.
   *
   * @throws IOException the peer could not be opened
   */
  RtmptSession(
      TunnelClient client,
      Connection opened,
      TunnelPeerFactory peers,
      RtmptConfig config,
      ScheduledExecutorService timer,
      RtmptCounters counters,
      BiConsumer<RtmptSession, RtmptCloseReason> onClosed,
      IntFunction<OptionalInt> keepAliveLimits)
      throws IOException {
    this.id = client.sessionId();
    this.client = client;
    this.config = config;
    this.timer = new SessionTimer(id, timer);
    this.counters = counters;
    this.onClosed = onClosed;
    this.closeLog = new TunnelCloseLog(id, client, createdNanos, keepAliveLimits);
    this.order = new RequestOrder<>(config.reorderWindow());
    repair.arrived(opened.id(), opened.localPort());
    this.peer = peers.open(client, this::onPeerReadable);
    this.engineSessionId = peer.engineSessionId();
  }

  /**
   * The HTTP connection a request came on.
   *
   * @param id the container's connection id ({@link RtmptExchange#connectionId})
   * @param localPort the server port it came to
   */
  record Connection(String id, int localPort) {}

  String id() {
    return id;
  }

  TunnelClient client() {
    return client;
  }

  /** What becomes of an arriving request. */
  private enum Verdict {
    /** It has the turn and runs now. */
    RUN,
    /** It waits for the turn or for its predecessors. */
    PARK,
    /** Its number was processed or is waiting already: answered with the polling byte only. */
    DUPLICATE,
    /** Its number is too far ahead: refused. */
    OUT_OF_WINDOW,
    /** Its number was taken as lost, and it came after all: too late to run in turn. */
    LATE,
    /** The session has ended: refused. */
    ENDED
  }

  /**
   * An arrival's outcome, decided under the lock and carried out after it.
   *
   * @param verdict what becomes of the arriving request
   * @param released a held idle this arrival released, or null; the caller then has the turn and
   *     answers it first. Never set when the session had ended (nothing is held then).
   * @param pollingByte the polling byte a {@link Verdict#DUPLICATE} is answered with
   */
  private record Admission(Verdict verdict, RtmptExchange released, byte pollingByte) {
    Admission {
      if (verdict == Verdict.ENDED && released != null) {
        throw new IllegalArgumentException("an ended session holds no idle");
      }
    }
  }

  /**
   * Takes a send, idle or close request of this session; it is answered now or later, exactly once.
   */
  void handle(RtmptExchange exchange) {
    exchange.onAbandon(this::abandoned);
    Admission admission;
    synchronized (lock) {
      admission = admitLocked(exchange);
    }
    switch (admission.verdict()) {
      case ENDED -> exchange.answerError(RtmptErrorKind.SESSION_ENDED);
      case OUT_OF_WINDOW -> {
        LOG.info(
            "RTMPT session {}: {} seq {} is more than {} ahead of the expected {}; answering 400",
            id,
            exchange.command(),
            exchange.sequence(),
            config.reorderWindow(),
            expectedSequence());
        exchange.answerError(RtmptErrorKind.SEQUENCE_OUT_OF_WINDOW);
      }
      case LATE -> {
        if (lateArrival(exchange, admission)) {
          return;
        }
        answerDuplicate(exchange, admission.pollingByte());
      }
      case DUPLICATE -> answerDuplicate(exchange, admission.pollingByte());
      case RUN, PARK -> {
        if (exchange.lostBefore() > 0) {
          LOG.info(
              "RTMPT session {}: {} seq {} came on a new connection with no request in flight:"
                  + " taking the {} request(s) before it as lost (the client gave up on them)",
              id,
              exchange.command(),
              exchange.sequence(),
              exchange.lostBefore());
        }
      }
    }
    boolean runs = admission.verdict() == Verdict.RUN;
    if (admission.released() != null && !answerHeld(admission.released())) {
      if (runs) {
        exchange.answerError(RtmptErrorKind.PEER_FAILED);
      }
      return;
    }
    if (admission.released() == null && !runs) {
      return;
    }
    if (runs && !run(exchange)) {
      return;
    }
    continueTurn();
  }

  private void answerDuplicate(RtmptExchange exchange, byte pollingByte) {
    counters.error(RtmptErrorKind.DUPLICATE_SEQUENCE);
    LOG.debug(
        "RTMPT session {}: duplicate {} seq {}: answered without feeding it",
        id,
        exchange.command(),
        exchange.sequence());
    exchange.answer(pollingByte, RtmptReplies.noData());
  }

  /**
   * The arrival transition: releases a held idle (any arrival does), then runs the request if it is
   * next and the turn is free or was just taken from the held idle, parks it if it is next while
   * another request runs or is ahead within the window, and refuses or answers it as a duplicate
   * otherwise. A {@code /close} without sequence number counts as next.
   */
  private Admission admitLocked(RtmptExchange exchange) {
    requests++;
    touchLocked();
    byte pollingByte = pollingDelay.current();
    if (turn == State.CLOSED) {
      return new Admission(Verdict.ENDED, null, pollingByte);
    }
    boolean newConnection = repair.arrived(exchange.connectionId(), exchange.localPort());
    exchange.arrived(newConnection, 0);
    RtmptExchange released = turn == State.HOLDING ? takeHeldLocked() : null;
    boolean turnAvailable = released != null || turn == State.WAITING;
    boolean sequenced = exchange.path().hasSequence();
    RequestOrder.Position position =
        sequenced ? order.classify(exchange.sequence()) : RequestOrder.Position.NEXT;
    Verdict verdict =
        switch (position) {
          case NEXT -> admitNextLocked(exchange, turnAvailable);
          case AHEAD -> {
            if (givenUpLocked(exchange, released)) {
              exchange.arrived(true, order.skipTo(exchange.sequence()));
              yield admitNextLocked(exchange, turn == State.WAITING);
            }
            parkLocked(exchange);
            yield Verdict.PARK;
          }
          case STALE -> Verdict.DUPLICATE;
          case OUT_OF_WINDOW -> Verdict.OUT_OF_WINDOW;
          case LOST -> Verdict.LATE;
        };
    return new Admission(verdict, released, pollingByte);
  }

  /**
   * True when the requests missing before {@code exchange}, which is ahead of its turn, will never
   * come: it came on a connection the session has not seen, and none of the session's requests is
   * in flight (none running unanswered, held, parked or waiting to close). A sequential client
   * (ffmpeg) moves to a new connection only after a request failed, and sends the next request only
   * once the previous one is over: the missing ones died with their connection. A client posting in
   * parallel would have one in flight, or post its predecessor on a connection that is already open
   * (a new one takes a TCP handshake longer), so that the predecessor arrives first.
   */
  private boolean givenUpLocked(RtmptExchange exchange, RtmptExchange released) {
    return exchange.newConnection()
        && released == null
        && (turn == State.WAITING || (turn == State.PROCESSING && turnAnswered))
        && order.expected() >= 0
        && order.isEmpty()
        && waitingClose == null;
  }

  /**
   * A request whose number was taken as lost came after all. A send with data ends the session
   * (returns true): the bytes after it were fed already, so its own can never be fed in order. An
   * idle, a close or an empty send is answered as a duplicate (returns false).
   */
  private boolean lateArrival(RtmptExchange exchange, Admission admission) {
    if (exchange.command() != RtmptCommand.SEND || exchange.body().length == 0) {
      return false;
    }
    LOG.warn(
        "RTMPT session {}: send seq {} ({} bytes) came after it was taken as lost and later bytes"
            + " were fed: it cannot be fed in order; closing the session",
        id,
        exchange.sequence(),
        exchange.body().length);
    end(RtmptCloseReason.OUT_OF_ORDER);
    if (admission.released() != null) {
      admission.released().answerError(RtmptErrorKind.SESSION_ENDED);
    }
    exchange.answerError(RtmptErrorKind.OUT_OF_ORDER);
    return true;
  }

  /** A request that is next: runs if the turn is available, else waits for it. */
  private Verdict admitNextLocked(RtmptExchange exchange, boolean turnAvailable) {
    boolean sequenced = exchange.path().hasSequence();
    if (turnAvailable) {
      if (sequenced) {
        order.consume(exchange.sequence());
      }
      takeTurnLocked(exchange);
      return Verdict.RUN;
    }
    if (sequenced) {
      parkLocked(exchange);
    } else if (waitingClose == null) {
      waitingClose = exchange;
    } else {
      return Verdict.DUPLICATE;
    }
    return Verdict.PARK;
  }

  /** The peer's listener: data is ready or the peer closed. Any thread; never blocks. */
  void onPeerReadable() {
    RtmptExchange released;
    synchronized (lock) {
      readableSignals++;
      if (turn != State.HOLDING) {
        return;
      }
      released = takeHeldLocked();
    }
    released.dispatch(() -> answerHeldAndContinue(released));
  }

  /**
   * Ends the session: parked and held requests get 404, the peer is closed, the registry forgets
   * the session. A request running now finishes normally.
   *
   * @return false if it had ended already
   */
  boolean end(RtmptCloseReason reason) {
    List<RtmptExchange> orphans;
    synchronized (lock) {
      if (turn == State.CLOSED) {
        return false;
      }
      orphans = closeLocked(reason);
    }
    finishClose(reason, orphans, RtmptErrorKind.SESSION_ENDED);
    return true;
  }

  /**
   * Ends the session if no request is in progress or waiting, and none arrived for {@code timeout}
   * or its peer has closed with every byte it produced delivered: a backend that went away gives
   * nothing more, so its tunnels end within a reaper period, not a session timeout.
   *
   * @return true if it ended the session
   */
  boolean expireIfIdle(long nowNanos, Duration timeout) {
    RtmptCloseReason reason =
        peer.isClosed() ? RtmptCloseReason.PEER_CLOSED : RtmptCloseReason.SESSION_TIMEOUT;
    List<RtmptExchange> orphans;
    synchronized (lock) {
      if (turn != State.WAITING || !order.isEmpty() || waitingClose != null) {
        return false;
      }
      if (reason == RtmptCloseReason.SESSION_TIMEOUT
          && nowNanos - lastActivityNanos < timeout.toNanos()) {
        return false;
      }
      orphans = closeLocked(reason);
    }
    finishClose(reason, orphans, RtmptErrorKind.SESSION_ENDED);
    return true;
  }

  RtmptSessionInfo info() {
    synchronized (lock) {
      return new RtmptSessionInfo(
          id,
          client.remoteAddress(),
          client.remotePort(),
          client.userAgent(),
          client.secure(),
          created,
          lastActivity,
          bytesIn,
          bytesOut,
          requests,
          turn,
          engineSessionId);
    }
  }

  /**
   * Runs one request that holds the turn: feeds its body, then answers it with what the peer has,
   * or holds it.
   *
   * @return true if the turn is still this thread's; false if the request is held or the session
   *     ended
   */
  private boolean run(RtmptExchange exchange) {
    RtmptCommand command = exchange.command();
    byte[] body = exchange.body();
    RequestRepair.Repair repaired = RequestRepair.Repair.NONE;
    if (exchange.path().hasSequence()) {
      synchronized (lock) {
        repaired =
            repair.judge(
                command,
                exchange.sequence(),
                body,
                exchange.lostBefore() > 0,
                exchange.newConnection());
        repair.ran(command, exchange.sequence(), body);
      }
    }
    if (repaired.reason() != null) {
      LOG.info(
          "RTMPT session {}: {} seq {} came on a new connection after a failed request: {}",
          id,
          command,
          exchange.sequence(),
          repaired.reason());
    }
    if (exchange.state() == RtmptExchange.State.ABANDONED && command == RtmptCommand.IDLE) {
      return true;
    }
    try {
      if (peer.isClosed()) {
        LOG.debug("RTMPT session {}: peer closed and drained; answering 404", id);
        end(RtmptCloseReason.PEER_CLOSED);
        exchange.answerError(RtmptErrorKind.PEER_CLOSED);
        return false;
      }
      int fed = body.length - repaired.skipBytes();
      if (command == RtmptCommand.SEND && fed > 0) {
        peer.write(ByteBuffer.wrap(body, repaired.skipBytes(), fed));
        synchronized (lock) {
          bytesIn += fed;
        }
        counters.received(fed);
      }
      if (exchange.state() == RtmptExchange.State.ABANDONED && command == RtmptCommand.SEND) {
        return true;
      }
      ByteBuffer data = repaired.resend() != null ? repaired.resend() : readOrHold(exchange);
      if (data == null) {
        return false;
      }
      reply(exchange, data);
      if (command == RtmptCommand.CLOSE) {
        end(RtmptCloseReason.CLIENT_CLOSE);
        return false;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      fail(exchange, e);
      return false;
    }
  }

  /**
   * Reads what the peer has for {@code exchange}; for an idle with nothing to send back, holds it
   * instead and returns null.
   */
  private ByteBuffer readOrHold(RtmptExchange exchange) {
    boolean holdable = exchange.command() == RtmptCommand.IDLE && !config.idleHold().isZero();
    while (true) {
      long signalsBeforeRead;
      synchronized (lock) {
        signalsBeforeRead = readableSignals;
      }
      ByteBuffer data = peer.read(config.maxReplyBytes(), RtmptReplies.POLLING_BYTE_ROOM);
      if (data.hasRemaining() || !holdable || peer.isClosed()) {
        return data;
      }
      synchronized (lock) {
        if (readableSignals != signalsBeforeRead) {
          continue;
        }
        if (turn == State.PROCESSING && !order.hasNext() && waitingClose == null) {
          held = exchange;
          turn = State.HOLDING;
          holdTimer = timer.schedule(() -> holdExpired(exchange), config.idleHold());
          return null;
        }
      }
      return data;
    }
  }

  /**
   * Answers a released held idle with what the peer has now; returns false if the session ended.
   */
  private boolean answerHeld(RtmptExchange exchange) {
    if (exchange.state() != RtmptExchange.State.WAITING) {
      return true;
    }
    try {
      reply(exchange, peer.read(config.maxReplyBytes(), RtmptReplies.POLLING_BYTE_ROOM));
      return true;
    } catch (RuntimeException e) {
      fail(exchange, e);
      return false;
    }
  }

  private void answerHeldAndContinue(RtmptExchange exchange) {
    if (answerHeld(exchange)) {
      continueTurn();
    }
  }

  /** Runs parked requests in sequence order for as long as the next one is there. */
  private void continueTurn() {
    while (true) {
      RtmptExchange next;
      synchronized (lock) {
        if (turn == State.CLOSED) {
          return;
        }
        next = order.takeNext();
        if (next != null) {
          next.unparked();
          takeTurnLocked(next);
        } else if (waitingClose != null) {
          next = waitingClose;
          waitingClose = null;
          takeTurnLocked(next);
        } else {
          turn = State.WAITING;
          turnHolder = null;
          touchLocked();
          return;
        }
      }
      if (!run(next)) {
        return;
      }
    }
  }

  private void reply(RtmptExchange exchange, ByteBuffer data) {
    byte pollingByte;
    int length = data.remaining();
    synchronized (lock) {
      pollingByte = pollingDelay.next(length > 0);
      bytesOut += length;
      repair.replied(exchange.sequence(), data);
      turnAnswered |= exchange == turnHolder;
    }
    counters.delivered(length);
    exchange.answer(pollingByte, data);
  }

  private void holdExpired(RtmptExchange exchange) {
    synchronized (lock) {
      if (held != exchange) {
        return;
      }
      held = null;
      holdTimer = null;
      takeTurnLocked(exchange);
    }
    exchange.dispatch(() -> answerHeldAndContinue(exchange));
  }

  /** The container reports the client gone; a held idle gives up the turn without reading. */
  private void abandoned(RtmptExchange exchange) {
    synchronized (lock) {
      if (held != exchange) {
        return;
      }
      takeHeldLocked();
    }
    continueTurn();
  }

  private void reorderExpired(RtmptExchange exchange) {
    List<RtmptExchange> orphans;
    long expected;
    synchronized (lock) {
      if (turn == State.CLOSED || !order.isParked(exchange.sequence(), exchange)) {
        return;
      }
      expected = order.expected();
      orphans = closeLocked(RtmptCloseReason.REORDER_TIMEOUT);
    }
    LOG.warn(
        "RTMPT session {}: {} seq {} waited {} ms for seq {}; closing the session",
        id,
        exchange.command(),
        exchange.sequence(),
        config.reorderTimeout().toMillis(),
        expected < 0 ? "0 or 1" : String.valueOf(expected));
    finishClose(RtmptCloseReason.REORDER_TIMEOUT, orphans, RtmptErrorKind.REORDER_TIMEOUT);
  }

  /**
   * Ends the session after its peer threw on {@code exchange}: a protocol error is the client's
   * fault (its bytes were refused), anything else the peer's.
   */
  private void fail(RtmptExchange exchange, Exception e) {
    if (e instanceof ProtocolException) {
      LOG.info(
          "RTMPT session {}: protocol error in {} seq {}: {}",
          id,
          exchange.command(),
          exchange.sequence(),
          e.getMessage());
      end(RtmptCloseReason.PROTOCOL_ERROR);
      exchange.answerError(RtmptErrorKind.PROTOCOL_ERROR);
      return;
    }
    if (e instanceof IOException) {
      LOG.warn(
          "RTMPT session {}: peer failed on {} seq {}: {}",
          id,
          exchange.command(),
          exchange.sequence(),
          e.toString());
    } else {
      LOG.warn(
          "RTMPT session {}: peer threw on {} seq {}",
          id,
          exchange.command(),
          exchange.sequence(),
          e);
    }
    end(RtmptCloseReason.PEER_FAILED);
    exchange.answerError(RtmptErrorKind.PEER_FAILED);
  }

  private RtmptExchange takeHeldLocked() {
    RtmptExchange exchange = held;
    held = null;
    SessionTimer.cancel(holdTimer);
    holdTimer = null;
    takeTurnLocked(exchange);
    return exchange;
  }

  /** {@code holder} runs, or is answered after its hold, on the thread that now has the turn. */
  private void takeTurnLocked(RtmptExchange holder) {
    turn = State.PROCESSING;
    turnHolder = holder;
    turnAnswered = false;
  }

  private void parkLocked(RtmptExchange exchange) {
    order.park(exchange.sequence(), exchange);
    exchange.parked(timer.schedule(() -> reorderExpired(exchange), config.reorderTimeout()));
  }

  private List<RtmptExchange> closeLocked(RtmptCloseReason reason) {
    turn = State.CLOSED;
    closeReason = reason;
    List<RtmptExchange> orphans = new ArrayList<>();
    if (held != null) {
      orphans.add(held);
      held = null;
      SessionTimer.cancel(holdTimer);
      holdTimer = null;
    }
    for (RtmptExchange parked : order.drain()) {
      parked.unparked();
      orphans.add(parked);
    }
    if (waitingClose != null) {
      orphans.add(waitingClose);
      waitingClose = null;
    }
    return orphans;
  }

  private void finishClose(
      RtmptCloseReason reason, List<RtmptExchange> orphans, RtmptErrorKind orphanError) {
    onClosed.accept(this, reason);
    try {
      peer.close();
    } catch (RuntimeException e) {
      LOG.warn("RTMPT session {}: peer threw on close", id, e);
    }
    RtmptSessionInfo info = info();
    int connections;
    long onLastConnection;
    int localPort;
    synchronized (lock) {
      connections = repair.connectionsUsed();
      onLastConnection = repair.requestsOnLastConnection();
      localPort = repair.lastLocalPort();
    }
    closeLog.closed(reason, info, connections, onLastConnection, localPort);
    for (RtmptExchange orphan : orphans) {
      orphan.dispatch(() -> orphan.answerError(orphanError));
    }
  }

  private long expectedSequence() {
    synchronized (lock) {
      return order.expected();
    }
  }

  private void touchLocked() {
    lastActivityNanos = System.nanoTime();
    lastActivity = Instant.now();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "RtmptSession["
          + id
          + " "
          + turn
          + (closeReason == null ? "" : " " + closeReason)
          + ", expected seq "
          + order.expected()
          + "]";
    }
  }
}
