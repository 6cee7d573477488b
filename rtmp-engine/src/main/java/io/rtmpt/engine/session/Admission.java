package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of its engine's {@link StreamGate}: asks it about connect, publish and play,
 * turns what it answers (or fails to) into a verdict, and holds the client's input while a decision
 * is pending ({@link HeldInput}, up to {@link #MAX_HELD_INPUT_BYTES}). The session applies a late
 * decision under its input lock ({@code ServerSession.decided}) and then takes the held messages
 * back with {@link #nextHeld}.
 *
 * <p>{@link #isPending} is read from any thread (the TCP transport stops reading meanwhile); the
 * rest is called under the session's input lock.
 */
final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  /**
   * Longest a session waits for a {@link StreamGate} decision before it refuses the request itself:
   * a backstop for a gate that never answers (the HTTP callbacks time out sooner).
   */
  static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Message payload bytes held while a gate decision is pending; a client that sends more is
   * disconnected. 1 MiB, about 1 s of a 8 Mbit/s stream: clients wait for the answer to connect,
   * publish and play before they send anything large (ffmpeg, OBS and librtmp do), and the TCP
   * transport stops reading meanwhile.
   */
  static final int MAX_HELD_INPUT_BYTES = 1024 * 1024;

  private final ServerSession session;
  private final StreamGate gate;
  private final HeldInput held = new HeldInput(MAX_HELD_INPUT_BYTES);

  /** True while a gate decision is pending; written under the input lock. */
  private volatile boolean pending;

  Admission(ServerSession session, StreamGate gate) {
    this.session = session;
    this.gate = gate;
  }

  /**
   * Asks the gate about {@code request} and gives the verdict to {@code then}: at once when the
   * gate decided at once, else later through {@code ServerSession.decided}, on the thread that
   * completes the decision, with the client's input held meanwhile. A gate that throws, fails or
   * takes longer than {@link #ADMISSION_TIMEOUT} refuses.
   */
  void admit(StreamGate.Request request, Consumer<StreamGate.Verdict> then) {
    CompletableFuture<StreamGate.Verdict> decision;
    try {
      decision = gate.admit(request).toCompletableFuture();
    } catch (RuntimeException e) {
      decision = CompletableFuture.failedFuture(e);
    }
    if (decision.isDone()) {
      then.accept(verdict(request, decision));
      return;
    }
    pending = true;
    LOG.debug("{}: {} awaits admission", session.describe(), request.action());
    CompletableFuture<StreamGate.Verdict> bounded =
        decision.copy().orTimeout(ADMISSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    bounded.whenComplete(
        (v, e) ->
            session.decided(
                () -> {
                  pending = false;
                  then.accept(verdict(request, bounded));
                }));
  }

  /**
   * Keeps {@code raw} for later while a decision is pending.
   *
   * @return false when nothing is pending: the caller acts on {@code raw} now
   * @throws RtmpProtocolException when the held payloads would exceed {@link #MAX_HELD_INPUT_BYTES}
   */
  boolean hold(RawMessage raw) throws RtmpProtocolException {
    if (!pending) {
      return false;
    }
    held.add(raw);
    return true;
  }

  /** The oldest held message to act on now, or null: none left, or a new decision is pending. */
  RawMessage nextHeld() {
    return pending ? null : held.poll();
  }

  /** True while a decision is pending and the client's input is held. */
  boolean isPending() {
    return pending;
  }

  /** Forgets the pending decision and the held input (the session closed). */
  void clear() {
    pending = false;
    held.clear();
  }

  private static StreamGate.Verdict verdict(
      StreamGate.Request request, CompletableFuture<StreamGate.Verdict> decision) {
    try {
      StreamGate.Verdict verdict = decision.getNow(null);
      if (verdict != null) {
        return verdict;
      }
      return StreamGate.Verdict.refuse(
          request.action().name().toLowerCase(Locale.ROOT)
              + " refused: the access check gave no answer");
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why =
          cause instanceof TimeoutException
              ? "the access check did not answer within " + ADMISSION_TIMEOUT.toSeconds() + " s"
              : "the access check failed";
      LOG.warn("{} refused: {}: {}", request.action(), why, cause.toString());
      return StreamGate.Verdict.refuse(
          request.action().name().toLowerCase(Locale.ROOT) + " refused: " + why);
    }
  }
}
