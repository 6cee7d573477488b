package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.webapp.testing.AdminWebapp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console, API, WebSocket and metrics behind the container's security as web.xml declares it:
 * 401 without credentials, 403 without the role, CSRF checks on actions, security headers.
 */
class AdminSecurityIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every GET URL of the console, its libraries, the API and the metrics. */
  static final List<String> PROTECTED_GETS =
      List.of(
          "/admin",
          "/admin/",
          "/admin/index.html",
          "/admin/console.js",
          "/admin/console.css",
          "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
          "/webjars/uplot/1.6.30/dist/uPlot.min.css",
          "/admin/api/overview",
          "/admin/api/sessions",
          "/admin/api/sessions/e-1",
          "/admin/api/streams",
          "/admin/api/streams/live/test",
          "/admin/api/history",
          "/admin/api/config",
          "/admin/api/csrf",
          "/admin/ws",
          "/metrics");

  static final List<String> PROTECTED_POSTS =
      List.of("/admin/api/sessions/e-1/disconnect", "/admin/api/streams/live/test/stop");

  private static AdminWebapp webapp;
  private static final HttpClient HTTP = AdminWebapp.client();

  @BeforeAll
  static void start() throws Exception {
    webapp = AdminWebapp.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder anonymous(String path) {
    return HttpRequest.newBuilder(webapp.uri(path)).timeout(Duration.ofSeconds(10));
  }

  @Test
  void everyUrlAnswers401WithoutCredentials() throws Exception {
    for (String path : PROTECTED_GETS) {
      HttpResponse<String> r = send(anonymous(path).GET().build());
      assertEquals(401, r.statusCode(), "GET " + path);
      assertTrue(
          r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
          "GET " + path + " challenges for Basic: " + r.headers().map());
    }
    for (String path : PROTECTED_POSTS) {
      HttpResponse<String> r =
          send(anonymous(path).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertEquals(401, r.statusCode(), "POST " + path);
    }
  }

  @Test
  void wrongPasswordAnswers401AndAUserWithoutTheRole403() throws Exception {
    for (String path : PROTECTED_GETS) {
      HttpResponse<String> wrong =
          send(
              anonymous(path)
                  .header("Authorization", AdminWebapp.basic(AdminWebapp.USER, "not-the-password"))
                  .GET()
                  .build());
      assertEquals(401, wrong.statusCode(), "GET " + path + " with a wrong password");
      HttpResponse<String> other =
          send(
              anonymous(path)
                  .header(
                      "Authorization",
                      AdminWebapp.basic(AdminWebapp.OTHER_USER, AdminWebapp.OTHER_PASSWORD))
                  .GET()
                  .build());
      assertEquals(403, other.statusCode(), "GET " + path + " as a user without the role");
    }
  }

  @Test
  void webSocketHandshakeWithoutCredentialsIsRefusedWith401() {
    CompletableFuture<WebSocket> connecting =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + webapp.port() + "/admin/ws"),
                new WebSocket.Listener() {});
    CompletionException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class, () -> connecting.orTimeout(10, TimeUnit.SECONDS).join());
    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
    assertEquals(401, handshake.getResponse().statusCode());
  }

  @Test
  void consoleAndApiSendSecurityHeaders() throws Exception {
    for (String path : List.of("/admin/", "/admin/console.js", "/admin/api/overview", "/metrics")) {
      HttpResponse<String> r = send(webapp.authorized(path).GET().build());
      assertEquals(200, r.statusCode(), "GET " + path);
      assertEquals(
          AdminSecurityFilter.CONTENT_SECURITY_POLICY,
          r.headers().firstValue("Content-Security-Policy").orElse(null),
          path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), path);
    }
    HttpResponse<String> api = send(webapp.authorized("/admin/api/sessions").GET().build());
    assertEquals("no-store", api.headers().firstValue("Cache-Control").orElse(null));
    assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    HttpResponse<String> page = send(webapp.authorized("/admin/").GET().build());
    assertTrue(page.body().contains("<title>rtmpt-bridge console</title>"), page.body());
    assertTrue(
        !page.body().contains("<script>") && !page.body().contains("style="),
        "no inline script or style (the CSP forbids them)");
  }

  @Test
  void actionsNeedTheSessionsCsrfTokenAndTheSameOrigin() throws Exception {
    // a client that keeps its cookies like a browser: Jetty renews the session id once, on the
    // first authenticated request after the session was created
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new java.net.CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String action = "/admin/api/sessions/e-999999/disconnect";
    HttpResponse<String> noToken =
        browser.send(
            webapp.authorized(action).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, noToken.statusCode(), noToken.body());
    assertEquals("forbidden", JSON.readTree(noToken.body()).get("error").asText());

    HttpResponse<String> issued =
        browser.send(
            webapp.authorized("/admin/api/csrf").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, issued.statusCode());
    JsonNode csrf = JSON.readTree(issued.body());
    assertEquals("X-CSRF-Token", csrf.get("header").asText());
    String token = csrf.get("token").asText();
    assertTrue(token.length() >= 40, token);
    String setCookie = issued.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);

    HttpResponse<String> wrongToken =
        browser.send(
            webapp
                .authorized(action)
                .header("X-CSRF-Token", token + "x")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, wrongToken.statusCode(), wrongToken.body());

    HttpResponse<String> tokenWithoutSession =
        send(
            webapp
                .authorized(action)
                .header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(403, tokenWithoutSession.statusCode(), tokenWithoutSession.body());

    HttpResponse<String> crossOrigin =
        browser.send(
            webapp
                .authorized(action)
                .header("X-CSRF-Token", token)
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, crossOrigin.statusCode(), crossOrigin.body());

    HttpResponse<String> crossSite =
        browser.send(
            webapp
                .authorized(action)
                .header("X-CSRF-Token", token)
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, crossSite.statusCode(), crossSite.body());

    HttpResponse<String> accepted =
        browser.send(
            webapp
                .authorized(action)
                .header("X-CSRF-Token", token)
                .header("Origin", webapp.httpBase())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(
        404, accepted.statusCode(), "passed the checks, found no such session: " + accepted.body());
    assertEquals("not-found", JSON.readTree(accepted.body()).get("error").asText());
  }

  @Test
  void webSocketFromAnotherSitesPageIsRefused() throws Exception {
    RecordingListener listener = new RecordingListener();
    WebSocket socket;
    try {
      socket =
          HTTP.newWebSocketBuilder()
              .header("Authorization", AdminWebapp.basic(AdminWebapp.USER, AdminWebapp.PASSWORD))
              .header("Origin", "http://evil.example")
              .buildAsync(URI.create("ws://127.0.0.1:" + webapp.port() + "/admin/ws"), listener)
              .get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      assertEquals(403, handshake.getResponse().statusCode());
      return;
    }
    assertNotNull(socket);
    Integer code = listener.closed.get(10, TimeUnit.SECONDS);
    assertEquals(1008, code, "closed for a policy violation");
    assertTrue(listener.messages.isEmpty(), "no data sent: " + listener.messages);
  }

  @Test
  void metricsCanBeMadePublicWhileTheConsoleStaysProtected() throws Exception {
    try (AdminWebapp open = AdminWebapp.start(Map.of(AdminConfig.METRICS_PUBLIC, "true"))) {
      HttpResponse<String> metrics =
          send(HttpRequest.newBuilder(open.uri("/metrics")).GET().build());
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("rtmpt_sessions{"), metrics.body());
      for (String path : PROTECTED_GETS) {
        if (path.equals("/metrics")) {
          continue;
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(open.uri(path)).GET().build());
        assertEquals(401, r.statusCode(), "GET " + path + " with public metrics");
      }
    }
  }

  /** Records what a WebSocket client receives. */
  static final class RecordingListener implements WebSocket.Listener {
    final java.util.concurrent.CopyOnWriteArrayList<String> messages =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public java.util.concurrent.CompletionStage<?> onText(
        WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(
        WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
