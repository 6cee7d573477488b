package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tunnel that times out right after its connection carried as many requests as the container
 * serves on one (Tomcat's maxKeepAliveRequests, told to the registry by the gateway) is logged at
 * WARN with its cause and its fix; other timeouts are not.
 */
class RtmptKeepAliveLimitIntegrationTest {

  @RegisterExtension final TunnelServers servers = new TunnelServers();

  @Test
  void aTunnelCutAtTheKeepAliveLimitIsLoggedWithTheFix() throws Exception {
    TunnelServer server = servers.start("rtmpt.session-timeout-ms", "200");
    server.registry().keepAliveLimits(port -> OptionalInt.of(3));
    try (RawHttpConnection connection = server.connect();
        LogCapture log = LogCapture.of("io.rtmpt.webapp.tunnel")) {
      String id = server.open(connection); // request 1 on the connection
      connection.post("/send/" + id + "/0", new byte[] {1}); // 2
      connection.post("/idle/" + id + "/1", new byte[] {0}); // 3: the container closes it here

      Await.until(
          "the tunnel timed out",
          Duration.ofSeconds(5),
          () -> server.registry().session(id).isEmpty());

      List<String> warnings = log.warnings();
      assertEquals(1, warnings.size(), warnings.toString());
      String warning = warnings.get(0);
      assertTrue(warning.contains("RTMPT session " + id + " was cut by the container"), warning);
      assertTrue(warning.contains("after 3 requests (maxKeepAliveRequests)"), warning);
      assertTrue(warning.contains("maxKeepAliveRequests=\"-1\""), warning);
      assertTrue(
          log.messages().stream()
              .anyMatch(
                  m ->
                      m.contains("closed (SESSION_TIMEOUT)")
                          && m.contains("3 requests on 1 connection")),
          log.messages().toString());
    }
  }

  @Test
  void aTunnelThatTimesOutWithFewerRequestsIsNotBlamedOnTheLimit() throws Exception {
    TunnelServer server = servers.start("rtmpt.session-timeout-ms", "200");
    server.registry().keepAliveLimits(port -> OptionalInt.of(100));
    try (RawHttpConnection connection = server.connect();
        LogCapture log = LogCapture.of("io.rtmpt.webapp.tunnel")) {
      String id = server.open(connection);
      connection.post("/send/" + id + "/0", new byte[] {1});

      Await.until(
          "the tunnel timed out",
          Duration.ofSeconds(5),
          () -> server.registry().session(id).isEmpty());

      assertEquals(List.of(), log.warnings());
    }
  }
}
