package io.rtmpt.webapp.tunnel;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension owning what the tunnel integration tests start: the {@link TunnelServer}s
 * (each test starts one with its own settings) and the pool of threads that post requests whose
 * replies the test awaits later. Both are stopped after each test, pool first, whatever the test's
 * outcome (okhttp's {@code @StartStop} idea). Register it on an instance field:
 *
 * <pre>
 *   &#64;RegisterExtension final TunnelServers servers = new TunnelServers();
 *   ...
 *   TunnelServer server = servers.start("rtmpt.idle-hold-ms", "300");
 *   CompletableFuture&lt;RawResponse&gt; idle = servers.postLater(connection, "/idle/" + id);
 * </pre>
 */
final class TunnelServers implements AfterEachCallback {

  private final ExecutorService readers = Executors.newCachedThreadPool();
  private final List<TunnelServer> started = new ArrayList<>();

  /** A server with the built-in defaults overridden by {@code settings} (name, value, ...). */
  synchronized TunnelServer start(String... settings) throws Exception {
    TunnelServer server = TunnelServer.start(settings);
    started.add(server);
    return server;
  }

  /** Posts {@code path} with a one-byte body (as an idle carries) on a pool thread. */
  CompletableFuture<RawResponse> postLater(RawHttpConnection connection, String path) {
    return postLater(connection, path, new byte[] {0});
  }

  /** Posts {@code path} with {@code body} in US-ASCII on a pool thread. */
  CompletableFuture<RawResponse> postLater(RawHttpConnection connection, String path, String body) {
    return postLater(connection, path, body.getBytes(US_ASCII));
  }

  CompletableFuture<RawResponse> postLater(RawHttpConnection connection, String path, byte[] body) {
    return later(
        () -> {
          try {
            return connection.post(path, body);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Runs {@code work} on a pool thread. */
  <T> CompletableFuture<T> later(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, readers);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    readers.shutdownNow();
    List<TunnelServer> servers;
    synchronized (this) {
      servers = List.copyOf(started);
      started.clear();
    }
    Throwable failure = null;
    for (TunnelServer server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (!readers.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("request threads still running 10 s after the test");
    }
    if (failure != null) {
      throw new AssertionError("a tunnel server did not stop", failure);
    }
  }
}
