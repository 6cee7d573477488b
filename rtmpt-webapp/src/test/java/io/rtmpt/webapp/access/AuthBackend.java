package io.rtmpt.webapp.access;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An nginx-rtmp style auth backend, as people write them for {@code on_connect}, {@code
 * on_publish}, {@code on_play} and {@code on_done}: the JDK's HTTP server on 127.0.0.1, deciding by
 * the form's {@code app} and {@code name}, and recording every form it receives. Names: {@code
 * refused*} get 403, {@code renamed} gets 302 to {@code target}, {@code hold*} wait for {@link
 * #release} (at most 30 s) before 200, anything else 200; the application {@code closed} is refused
 * at connect.
 */
final class AuthBackend implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Map<String, String>> forms = new LinkedBlockingQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);

  AuthBackend() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT/PATH}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  /** Lets the held calls answer. */
  void release() {
    release.countDown();
  }

  /** The next form received with {@code call} (others are dropped), within {@code wait}. */
  Map<String, String> next(String call, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Map<String, String> form =
          forms.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (form == null) {
        throw new AssertionError("no " + call + " callback within " + wait);
      }
      if (call.equals(form.get("call"))) {
        return form;
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      Map<String, String> form =
          parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      form.put("(method)", exchange.getRequestMethod());
      form.put("(content-type)", String.valueOf(type));
      form.put("(path)", exchange.getRequestURI().getPath());
      forms.add(form);
      String name = form.getOrDefault("name", "");
      if (name.startsWith("hold")) {
        release.await(30, TimeUnit.SECONDS);
      }
      if ("connect".equals(form.get("call")) && "closed".equals(form.get("app"))) {
        exchange.sendResponseHeaders(403, -1);
      } else if (name.startsWith("refused")) {
        exchange.sendResponseHeaders(403, -1);
      } else if (name.equals("renamed")) {
        exchange.getResponseHeaders().add("Location", "target");
        exchange.sendResponseHeaders(302, -1);
      } else {
        exchange.sendResponseHeaders(200, -1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
