package io.rtmpt.webapp.access;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts nginx-rtmp style notifications ({@code on_connect}, {@code on_publish}, {@code on_play},
 * {@code on_done}, and recording's {@code on_record_done}) as {@code
 * application/x-www-form-urlencoded} forms, with the JDK's {@link HttpClient}, within fixed bounds:
 * a connect timeout and an overall timeout per call (time spent waiting in the queue included), at
 * most {@link Limits#concurrency} calls in flight and {@link Limits#queue} more waiting; a call
 * beyond that fails at once with {@link BusyException}, so that a crowd of clients arriving
 * together never turns into a crowd of requests to the backend. Redirects are not followed: a 3xx
 * and its {@code Location} are the answer. Nobody blocks: callers get a future, completed on the
 * client's own threads.
 *
 * <p>Thread-safe; one per application.
 */
public final class CallbackClient implements AutoCloseable {
  /**
   * The bounds of the client.
   *
   * @param connectTimeout to open a connection to the callback's server
   * @param timeout for the whole call, from {@link #post} to the reply's status line (queue time
   *     included)
   * @param concurrency calls in flight at once
   * @param queue calls waiting for one of those places; more fail with {@link BusyException}
   */
  public record Limits(Duration connectTimeout, Duration timeout, int concurrency, int queue) {
    /**
     * 2 s to connect and 5 s in all: a backend on the same network answers in milliseconds, and a
     * client (ffmpeg, OBS) waits much longer for its answer; 16 at once and 256 waiting: a burst of
     * a few hundred clients is served in turn, beyond that they are refused at once.
     */
    public static final Limits DEFAULTS =
        new Limits(Duration.ofSeconds(2), Duration.ofSeconds(5), 16, 256);

    public Limits {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(timeout, "timeout");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      if (concurrency < 1 || queue < 0) {
        throw new IllegalArgumentException(
            "concurrency must be positive and queue not negative: " + concurrency + ", " + queue);
      }
    }
  }

  /**
   * The answer to one call.
   *
   * @param status the HTTP status
   * @param location the {@code Location} header, or null
   */
  public record Reply(int status, String location) {
    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    public boolean isRedirect() {
      return status >= 300 && status < 400;
    }
  }

  /** A call refused at once because {@link Limits#concurrency} plus {@link Limits#queue} wait. */
  public static final class BusyException extends IOException {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  private record Call(URI url, String body, CompletableFuture<Reply> result, long deadlineNanos) {}

  private final Limits limits;
  private final ExecutorService threads;

  /** Built at the first call: a gateway without callbacks starts no HTTP client thread. */
  private HttpClient http;

  private final ArrayDeque<Call> waiting = new ArrayDeque<>();
  private int running;

  public CallbackClient(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            Math.min(limits.concurrency(), 8),
            runnable -> {
              Thread thread = new Thread(runnable, "rtmpt-callback-" + n.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The HTTP client, built on first use. Its selector thread (JDK 17's HttpClient has no close; the
   * thread ends once the client is unreachable) is started with the platform class loader as its
   * context loader, so that it never pins a redeployed web application's class loader (Tomcat's
   * leak detection named it after an undeploy).
   */
  private synchronized HttpClient http() {
    if (http == null) {
      Thread current = Thread.currentThread();
      ClassLoader context = current.getContextClassLoader();
      current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
      try {
        http =
            HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads)
                .build();
      } finally {
        current.setContextClassLoader(context);
      }
    }
    return http;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * POSTs {@code form} (pairs in order) to {@code url}. The future completes with the reply, or
   * exceptionally with {@link BusyException} (at once, over the bounds), {@link
   * HttpTimeoutException} or {@link java.util.concurrent.TimeoutException} (over the timeout), or
   * another {@link IOException} (connection refused, reset, ...).
   */
  public CompletableFuture<Reply> post(URI url, List<Map.Entry<String, String>> form) {
    Objects.requireNonNull(url, "url");
    CompletableFuture<Reply> result = new CompletableFuture<>();
    Call call = new Call(url, encode(form), result, System.nanoTime() + limits.timeout().toNanos());
    boolean start;
    synchronized (waiting) {
      start = running < limits.concurrency();
      if (start) {
        running++;
      } else if (waiting.size() < limits.queue()) {
        waiting.add(call);
      } else {
        return CompletableFuture.failedFuture(
            new BusyException(
                limits.concurrency() + " callbacks in flight and " + waiting.size() + " waiting"));
      }
    }
    if (start) {
      start(call);
    }
    return result.orTimeout(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void start(Call call) {
    long remaining = call.deadlineNanos() - System.nanoTime();
    if (remaining <= 0 || call.result().isDone()) {
      call.result().completeExceptionally(new HttpTimeoutException("timed out while queued"));
      finished();
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(call.url())
            .timeout(Duration.ofNanos(remaining))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8))
            .build();
    try {
      http()
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                finished();
                if (error != null) {
                  call.result().completeExceptionally(error);
                } else {
                  call.result()
                      .complete(
                          new Reply(
                              response.statusCode(),
                              response.headers().firstValue("Location").orElse(null)));
                }
              });
    } catch (RuntimeException e) { // the executor was shut down
      finished();
      call.result().completeExceptionally(e);
    }
  }

  /** One call ended: the next waiting one takes its place. */
  private void finished() {
    Call next;
    synchronized (waiting) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      start(next);
    }
  }

  /** {@code name=value&...}, each part form-encoded as UTF-8. */
  static String encode(List<Map.Entry<String, String>> form) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> field : form) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /** Calls in flight now (tests and the console). */
  public int running() {
    synchronized (waiting) {
      return running;
    }
  }

  /** Stops the client's threads; calls in flight fail. */
  @Override
  public void close() {
    threads.shutdownNow();
    synchronized (this) {
      http = null;
    }
    synchronized (waiting) {
      for (Call call : waiting) {
        call.result().completeExceptionally(new IOException("callback client closed"));
      }
      waiting.clear();
    }
  }
}
