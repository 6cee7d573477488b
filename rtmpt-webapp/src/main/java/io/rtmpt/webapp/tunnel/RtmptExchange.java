package io.rtmpt.webapp.tunnel;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send, idle or close request of a session. It is suspended ({@code startAsync}) as soon as it
 * arrives, so that any thread can answer it: its own container thread when it runs at once, the
 * thread that ran its predecessor when it waited for its turn, a container thread picked by {@link
 * #dispatch} when a held idle is released.
 */
final class RtmptExchange {

  private static final Logger LOG = LoggerFactory.getLogger(RtmptExchange.class);

  /**
   * Answered exactly once, by whichever party wins {@link #claim()}: the session running it, a hold
   * released by peer data, by the hold timer or by the next request, the reorder timer failing the
   * session, or the container's backstop timeout.
   *
   * <pre>
   *   WAITING ──claim()──&gt; ANSWERING ──reply written, complete()──&gt; ANSWERED
   *      │
   *      └──container reports an I/O error (client gone)──&gt; ABANDONED
   * </pre>
   *
   * A party that loses the race finds the state past WAITING and writes nothing.
   */
  enum State {
    WAITING,
    ANSWERING,
    ANSWERED,
    ABANDONED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
  private final AsyncContext async;
  private final HttpServletResponse response;
  private final RtmptPath path;
  private final byte[] body;
  private final String connectionId;
  private final int localPort;
  private final RtmptCounters counters;
  private volatile Consumer<RtmptExchange> abandonHandler = x -> {};

  /** Set by the session on arrival, under its lock: see {@link #arrived}. */
  private boolean newConnection;

  private long lostBefore;

  /**
   * The reorder timer while this request waits for its predecessors; guarded by the session's lock
   * (see {@link #parked} and {@link #unparked}).
   */
  private ScheduledFuture<?> reorderTimer;

  private RtmptExchange(
      AsyncContext async,
      HttpServletResponse response,
      RtmptPath path,
      byte[] body,
      String connectionId,
      int localPort,
      RtmptCounters counters) {
    this.async = async;
    this.response = response;
    this.path = path;
    this.body = body;
    this.connectionId = connectionId;
    this.localPort = localPort;
    this.counters = counters;
  }

  /**
   * Suspends the request. {@code backstop} is the container's async timeout: it fires only if the
   * tunnel failed to answer in time, which is a bug, and then answers 503.
   */
  static RtmptExchange suspend(
      HttpServletRequest request,
      HttpServletResponse response,
      RtmptPath path,
      byte[] body,
      Duration backstop,
      RtmptCounters counters) {
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(backstop.toMillis());
    RtmptExchange exchange =
        new RtmptExchange(
            async, response, path, body, connectionId(request), request.getLocalPort(), counters);
    async.addListener(exchange.new Listener());
    return exchange;
  }

  RtmptPath path() {
    return path;
  }

  RtmptCommand command() {
    return path.command();
  }

  long sequence() {
    return path.sequence();
  }

  byte[] body() {
    return body;
  }

  /** The HTTP connection the request came on ({@link #connectionId(HttpServletRequest)}). */
  String connectionId() {
    return connectionId;
  }

  /** The server port the request came to. */
  int localPort() {
    return localPort;
  }

  /**
   * Records what the session found on arrival (under its lock).
   *
   * @param newConnection the request came on a connection the session had not seen
   * @param lostBefore how many numbers before this one the session took as lost because of it
   */
  void arrived(boolean newConnection, long lostBefore) {
    this.newConnection = newConnection;
    this.lostBefore = lostBefore;
  }

  /** The request came on a connection new to its session; read under the session's lock. */
  boolean newConnection() {
    return newConnection;
  }

  /** Numbers taken as lost when this request arrived (0 normally); under the session's lock. */
  long lostBefore() {
    return lostBefore;
  }

  /**
   * The container's id of the HTTP connection {@code request} came on (Servlet 6 {@code
   * ServletConnection}; unique per TCP connection in Tomcat 10.1 and Jetty 12), or the client's
   * address and port where the container has none.
   */
  static String connectionId(HttpServletRequest request) {
    try {
      String id = request.getServletConnection().getConnectionId();
      if (id != null && !id.isEmpty()) {
        return id;
      }
    } catch (RuntimeException e) {
      // not offered by this container: fall back to the client's end of the connection
    }
    return request.getRemoteAddr() + ":" + request.getRemotePort();
  }

  State state() {
    return state.get();
  }

  /**
   * The request waits for its predecessors; {@code timer} fails the session if they do not come.
   * Called with the session's lock held.
   */
  void parked(ScheduledFuture<?> timer) {
    reorderTimer = timer;
  }

  /** The request leaves the wait (its turn came, or the session ended); with the session's lock. */
  void unparked() {
    if (reorderTimer != null) {
      reorderTimer.cancel(false);
      reorderTimer = null;
    }
  }

  /** Called once the container reports the client gone while the request waited. */
  void onAbandon(Consumer<RtmptExchange> handler) {
    this.abandonHandler = Objects.requireNonNull(handler);
  }

  /**
   * Answers 200 with the polling byte and {@code data} ({@link RtmptReplies#writePollReply}).
   *
   * @return false if the request was already answered or abandoned (nothing written)
   */
  boolean answer(byte pollingByte, ByteBuffer data) {
    if (!claim()) {
      return false;
    }
    try {
      RtmptReplies.writePollReply(response, pollingByte, data);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "RTMPT {} {} seq {}: 200, {} bytes in, {} bytes out, polling 0x{}",
            path.sessionId(),
            path.command(),
            path.sequence(),
            body.length,
            data.remaining(),
            Integer.toHexString(pollingByte & 0xFF));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "RTMPT {} {} seq {}: reply not delivered: {}",
          path.sessionId(),
          path.command(),
          path.sequence(),
          e.toString());
    } finally {
      finish();
    }
    return true;
  }

  /**
   * Answers with the error's status and an empty body.
   *
   * @return false if the request was already answered or abandoned (nothing written)
   */
  boolean answerError(RtmptErrorKind kind) {
    if (!claim()) {
      return false;
    }
    writeError(kind);
    return true;
  }

  /** Writes the error reply once {@link #claim()} was won. */
  private void writeError(RtmptErrorKind kind) {
    counters.error(kind);
    try {
      RtmptReplies.writeError(response, kind);
      LOG.debug(
          "RTMPT {} {} seq {}: {} ({})",
          path.sessionId(),
          path.command(),
          path.sequence(),
          kind.status(),
          kind);
    } catch (RuntimeException e) {
      LOG.debug(
          "RTMPT {} {} seq {}: reply not delivered: {}",
          path.sessionId(),
          path.command(),
          path.sequence(),
          e.toString());
    } finally {
      finish();
    }
  }

  /**
   * Runs {@code work} on a container thread (work that writes replies must not run on a peer's I/O
   * thread or the timer thread). Runs it here if the container refuses (it is stopping).
   */
  void dispatch(Runnable work) {
    try {
      async.start(work);
    } catch (IllegalStateException | RejectedExecutionException e) {
      work.run();
    }
  }

  private boolean claim() {
    return state.compareAndSet(State.WAITING, State.ANSWERING);
  }

  private void finish() {
    state.set(State.ANSWERED);
    try {
      async.complete();
    } catch (IllegalStateException e) {
      LOG.debug(
          "RTMPT {} {} seq {}: already completed by the container",
          path.sessionId(),
          path.command(),
          path.sequence());
    }
  }

  @Override
  public String toString() {
    return "RtmptExchange["
        + path.command()
        + " "
        + path.sessionId()
        + "/"
        + path.sequence()
        + " "
        + state.get()
        + "]";
  }

  /** The container's view: client gone, or the backstop timeout. */
  private final class Listener implements AsyncListener {
    @Override
    public void onTimeout(AsyncEvent event) {
      if (claim()) {
        LOG.error(
            "RTMPT {} {} seq {}: not answered within the container's async timeout; answering 503",
            path.sessionId(),
            path.command(),
            path.sequence());
        writeError(RtmptErrorKind.INTERNAL_TIMEOUT);
      }
    }

    @Override
    public void onError(AsyncEvent event) {
      if (state.compareAndSet(State.WAITING, State.ABANDONED)) {
        LOG.debug(
            "RTMPT {} {} seq {}: abandoned by the client: {}",
            path.sessionId(),
            path.command(),
            path.sequence(),
            String.valueOf(event.getThrowable()));
        abandonHandler.accept(RtmptExchange.this);
        try {
          async.complete();
        } catch (IllegalStateException e) {
          LOG.debug(
              "RTMPT {} {} seq {}: completed by the container",
              path.sessionId(),
              path.command(),
              path.sequence());
        }
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
