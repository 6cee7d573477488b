package io.rtmpt.webapp.access;

import io.rtmpt.engine.EngineListener;
import io.rtmpt.engine.command.StreamNames;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.record.RecordedFile;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.StreamGate;
import io.rtmpt.webapp.log.RepeatedLog;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link StreamGate} in the web application: applies each application's {@link
 * AppPolicy} to every connect, publish and play, over every transport (rtmp, rtmps, rtmpt, rtmpts),
 * and, as an {@link EngineListener}, sends {@code on_done} when an admitted publish or play ends.
 *
 * <p>Publish and play: the address rules first, then the mode: open, deny, a signed token ({@link
 * StreamTokens}), or the application's callback. Connect: the application's {@code on_connect},
 * when it has one. Callbacks follow nginx-rtmp: 2xx allows, 3xx with a {@code Location} renames the
 * stream (or the application, for connect), anything else, a timeout or an unreachable callback
 * refuses. Refusals tell the client why in words that hold no secret, are counted by {@link
 * Refusal} in {@link AccessCounters}, and are logged at most once per reason and 10 s with a count
 * ({@link RepeatedLog}).
 */
public final class AccessGate extends EngineListener implements StreamGate {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);

  private final AccessConfig config;
  private final CallbackClient callbacks;
  private final AccessCounters counters;
  private final LongSupplier epochSeconds;
  private final RepeatedLog refusals = new RepeatedLog(LOG);

  /** Admitted publishes and plays that {@code on_done} will be sent for, by session. */
  private final Map<Long, Map<Admitted, Request>> admitted = new ConcurrentHashMap<>();

  private record Admitted(Action action, StreamKey key) {}

  /**
   * @param callbacks posts the callbacks (the gate does not close it)
   * @param epochSeconds the time now, in seconds since the epoch (tokens expire by it)
   */
  public AccessGate(
      AccessConfig config,
      CallbackClient callbacks,
      AccessCounters counters,
      LongSupplier epochSeconds) {
    this.config = Objects.requireNonNull(config, "config");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.epochSeconds = Objects.requireNonNull(epochSeconds, "epochSeconds");
  }

  public AccessCounters counters() {
    return counters;
  }

  @Override
  public CompletionStage<Verdict> admit(Request request) {
    AppPolicy policy = config.policy(request.connect().app());
    if (request.action() == Action.CONNECT) {
      return policy.onConnect() == null
          ? CompletableFuture.completedFuture(Verdict.ALLOW)
          : callback(request, policy.onConnect(), "on_connect", policy);
    }
    boolean publish = request.action() == Action.PUBLISH;
    String address = ip(request.session());
    InetAddress client = parse(address);
    if (client == null || !policy.addresses(publish).allows(client)) {
      return refuse(
          request, Refusal.ADDRESS, verb(request) + " from " + address + " is not allowed");
    }
    return switch (policy.mode(publish)) {
      case OPEN -> allowed(request, policy, request.key());
      case DENY ->
          refuse(
              request,
              Refusal.DENIED,
              verb(request) + " in application " + request.key().app() + " is not allowed");
      case TOKEN -> token(request, policy, publish);
      case CALLBACK ->
          callback(request, policy.callback(publish), publish ? "on_publish" : "on_play", policy);
    };
  }

  private CompletionStage<Verdict> token(Request request, AppPolicy policy, boolean publish) {
    String action = publish ? "publish" : "play";
    StreamTokens.Check check =
        StreamTokens.check(
            policy.tokenSecrets(),
            action,
            request.key().app(),
            request.key().name(),
            request.query(),
            epochSeconds.getAsLong());
    String stream = request.key().toString();
    return switch (check) {
      case VALID -> allowed(request, policy, request.key());
      case MISSING ->
          refuse(
              request,
              Refusal.NO_TOKEN,
              verb(request) + " " + stream + " needs a token (?token=...)");
      case MALFORMED ->
          refuse(request, Refusal.MALFORMED_TOKEN, "the token for " + stream + " is malformed");
      case EXPIRED ->
          refuse(request, Refusal.EXPIRED_TOKEN, "the token for " + stream + " has expired");
      case WRONG_ACTION ->
          refuse(
              request,
              Refusal.WRONG_ACTION_TOKEN,
              "the token for " + stream + " is a " + (publish ? "play" : "publish") + " token");
      case INVALID ->
          refuse(
              request,
              Refusal.INVALID_TOKEN,
              "the token is not valid for " + action + " " + stream);
    };
  }

  private CompletionStage<Verdict> callback(
      Request request, URI url, String name, AppPolicy policy) {
    String address = ip(request.session());
    return callbacks
        .post(url, NotifyForm.of(request, address))
        .handle(
            (reply, error) -> {
              if (error != null) {
                return failed(request, name, error);
              }
              if (reply.isSuccess() || (reply.isRedirect() && reply.location() == null)) {
                return allowedNow(request, policy, request.key());
              }
              if (reply.isRedirect()) {
                String location = reply.location().trim();
                if (location.regionMatches(true, 0, "rtmp://", 0, 7)) {
                  return refusedNow(
                      request,
                      Refusal.CALLBACK_REFUSED,
                      name + " redirected to an RTMP URL: relays are not supported");
                }
                String stripped = StreamNames.strip(location);
                StreamKey renamed =
                    request.key() == null || stripped.isEmpty()
                        ? request.key()
                        : new StreamKey(request.key().app(), stripped);
                Verdict verdict = allowedNow(request, policy, renamed);
                return verdict.allowed() ? Verdict.allowAs(location) : verdict;
              }
              return refusedNow(
                  request,
                  Refusal.CALLBACK_REFUSED,
                  verb(request) + " refused by " + name + " (HTTP " + reply.status() + ")");
            });
  }

  private Verdict failed(Request request, String name, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof CallbackClient.BusyException) {
      return refusedNow(
          request,
          Refusal.CALLBACK_BUSY,
          "too many clients are being checked at once; try again in a moment");
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return refusedNow(
          request,
          Refusal.CALLBACK_TIMEOUT,
          name + " did not answer within " + callbacks.limits().timeout().toMillis() + " ms");
    }
    refusals.warn(
        "callback-failed", "access: {} could not be called: {}", name, String.valueOf(cause));
    return refusedNow(request, Refusal.CALLBACK_FAILED, name + " could not be reached");
  }

  private CompletionStage<Verdict> allowed(Request request, AppPolicy policy, StreamKey key) {
    return CompletableFuture.completedFuture(allowedNow(request, policy, key));
  }

  /** Allows, and remembers the request for {@code on_done} when the application has one. */
  private Verdict allowedNow(Request request, AppPolicy policy, StreamKey key) {
    if (key != null && policy.onDone() != null) {
      admitted
          .computeIfAbsent(request.session().id(), id -> new ConcurrentHashMap<>())
          .put(new Admitted(request.action(), key), request);
    }
    return Verdict.ALLOW;
  }

  private CompletionStage<Verdict> refuse(Request request, Refusal reason, String description) {
    return CompletableFuture.completedFuture(refusedNow(request, reason, description));
  }

  private Verdict refusedNow(Request request, Refusal reason, String description) {
    counters.add(request.action(), reason);
    refusals.info(
        reason.label(),
        "access: {} {} from {} refused ({}): {}",
        request.action().name().toLowerCase(Locale.ROOT),
        request.key() == null ? "app " + request.connect().app() : request.key(),
        request.session().remoteAddress(),
        reason.label(),
        description);
    return Verdict.refuse(description);
  }

  @Override
  public void publishStopped(SessionInfo session, StreamKey key) {
    done(session, Action.PUBLISH, key);
  }

  @Override
  public void playStopped(SessionInfo session, StreamKey key) {
    done(session, Action.PLAY, key);
  }

  @Override
  public void sessionClosed(SessionInfo session, String reason) {
    admitted.remove(session.id());
  }

  private void done(SessionInfo session, Action action, StreamKey key) {
    Map<Admitted, Request> ofSession = admitted.get(session.id());
    Request request = ofSession == null ? null : ofSession.remove(new Admitted(action, key));
    if (request == null) {
      return;
    }
    URI url = config.policy(request.connect().app()).onDone();
    if (url == null) {
      return;
    }
    callbacks
        .post(url, NotifyForm.done(request, ip(request.session())))
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                refusals.warn(
                    "on-done-failed",
                    "access: on_done for {} {} failed: {}",
                    action.name().toLowerCase(Locale.ROOT),
                    key,
                    String.valueOf(error));
              }
            });
  }

  /**
   * A recording file was closed (a {@link io.rtmpt.engine.record.RecordDoneListener}): posts the
   * application's {@code on_record_done} callback, if it has one, through the bounded callback
   * client; a failure is logged (rate-limited), never retried.
   */
  public void recordDone(RecordedFile file) {
    URI url = config.policy(file.key().app()).onRecordDone();
    if (url == null) {
      return;
    }
    callbacks
        .post(url, NotifyForm.recordDone(file))
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                refusals.warn(
                    "on-record-done-failed",
                    "access: on_record_done for {} ({}) failed: {}",
                    file.key(),
                    file.path(),
                    String.valueOf(error));
              }
            });
  }

  /** Periodic: writes the counts of refusals whose log lines were held back. */
  public void flushLog() {
    refusals.flush();
  }

  /** "publishing", "playing" or "connecting". */
  private static String verb(Request request) {
    return switch (request.action()) {
      case PUBLISH -> "publishing";
      case PLAY -> "playing";
      case CONNECT -> "connecting";
    };
  }

  /** The client's IP address as text, without the port ("203.0.113.7", "0:0:0:0:0:0:0:1"). */
  static String ip(SessionInfo session) {
    String remote = session.remoteAddress();
    int colon = remote.lastIndexOf(':');
    String host = colon > 0 ? remote.substring(0, colon) : remote;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }

  private static InetAddress parse(String address) {
    try {
      return CidrRange.address(address);
    } catch (IllegalArgumentException e) {
      LOG.warn("access: cannot read the client address '{}': refusing", address);
      return null;
    }
  }

  /** For logs: what the gate is configured with, secrets left out. */
  @Override
  public String toString() {
    return "AccessGate[default "
        + describe(config.defaults())
        + ", apps "
        + List.copyOf(config.apps().keySet())
        + "]";
  }

  static String describe(AppPolicy policy) {
    return "publish "
        + policy.publish().name().toLowerCase(Locale.ROOT)
        + ", play "
        + policy.play().name().toLowerCase(Locale.ROOT);
  }
}
