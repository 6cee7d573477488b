package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable WAR's server (EmbeddedServer deploying src-main-webapp, as java -jar deploys the
 * WAR): its realm holds the generated or given admin password, the console needs it, and the
 * console's WebSocket works.
 */
class EmbeddedServerAdminIntegrationTest {
  private static final HttpClient HTTP = AdminWebapp.client();

  @TempDir Path dataDir;

  private EmbeddedServer start(String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--host",
                "127.0.0.1",
                "--http-port",
                String.valueOf(Ports.freePort()),
                "--rtmp-port",
                "0",
                "--data-dir",
                dataDir.toString()));
    args.addAll(List.of(extra));
    EmbeddedOptions options = EmbeddedOptions.parse(args.toArray(new String[0]), Map.of());
    EmbeddedServer server =
        new EmbeddedServer(
            options,
            Path.of(System.getProperty("basedir", ".")).resolve("../src-main-webapp").normalize());
    server.start();
    return server;
  }

  private static int status(EmbeddedServer server, String path, String password) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (password != null) {
      request.header("Authorization", AdminWebapp.basic(AdminPassword.USER, password));
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void generatedPasswordProtectsTheConsoleAndIsReusedWithoutBeingShownAgain() throws Exception {
    String password;
    EmbeddedServer first = start();
    try {
      password = first.generatedAdminPassword();
      assertNotNull(password, "first start generates a password");
      assertTrue(first.banner().contains(password), "the banner shows it once");
      assertEquals(401, status(first, "/admin/api/overview", null));
      assertEquals(401, status(first, "/admin/api/overview", password + "x"));
      assertEquals(401, status(first, "/metrics", null));
      assertEquals(200, status(first, "/admin/api/overview", password));
      assertEquals(200, status(first, "/admin/api/overview", password), "second check, cached");
      assertEquals(200, status(first, "/metrics", password));
      assertEquals(200, status(first, "/admin/", password));
      assertWebSocketHello(first, password);
    } finally {
      first.stopQuietly();
    }
    EmbeddedServer second = start();
    try {
      assertNull(second.generatedAdminPassword(), "nothing new to show");
      assertTrue(!second.banner().contains(password), "not shown again");
      assertEquals(200, status(second, "/admin/api/overview", password));
    } finally {
      second.stopQuietly();
    }
  }

  @Test
  void aGivenPasswordIsUsedInstead() throws Exception {
    EmbeddedServer server = start("--admin-password", "given-password-1");
    try {
      assertNull(server.generatedAdminPassword());
      assertEquals(200, status(server, "/admin/api/overview", "given-password-1"));
      assertEquals(401, status(server, "/admin/api/overview", "other-password"));
    } finally {
      server.stopQuietly();
    }
  }

  private static void assertWebSocketHello(EmbeddedServer server, String password)
      throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", AdminWebapp.basic(AdminPassword.USER, password))
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.httpPort() + "/admin/ws"),
                new WebSocket.Listener() {
                  private final StringBuilder text = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                      first.complete(text.toString());
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      JsonNode hello = new ObjectMapper().readTree(first.get(10, TimeUnit.SECONDS));
      assertEquals("hello", hello.get("type").asText());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }
}
