package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.LogCapture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits that fit RTMPT's users (issue 10, done-when 4): a whole office reaches the gateway from
 * one address, so the default limits let 200 tunnels open from it; and a flood of refused opens
 * writes a bounded number of log lines instead of one per request.
 */
class AddressLimitsIntegrationTest {
  @RegisterExtension final TunnelServers servers = new TunnelServers();

  @Test
  void twoHundredTunnelsFromOneAddressOpenWithTheDefaultLimits() throws Exception {
    TunnelServer server = servers.start();
    assertEquals(500, server.registry().config().maxSessionsPerAddress());
    Set<String> ids = new HashSet<>();
    try (RawHttpConnection office = server.connect()) {
      for (int i = 0; i < 200; i++) {
        ids.add(server.open(office));
      }
    }
    assertEquals(200, ids.size());
    assertEquals(200, server.registry().sessions().size());
    assertTrue(
        server.registry().sessions().stream().allMatch(s -> s.remoteAddress().equals("127.0.0.1")),
        "all from one address");
  }

  @Test
  void aThousandRefusedOpensFromOneAddressWriteOneLineNotAThousand() throws Exception {
    TunnelServer server = servers.start("rtmpt.max-sessions-per-address", "1");
    try (RawHttpConnection connection = server.connect();
        LogCapture log = LogCapture.of("io.rtmpt.webapp.tunnel")) {
      server.open(connection);
      for (int i = 0; i < 1000; i++) {
        assertEquals(503, connection.post("/open/1", new byte[] {0}).status());
      }
      List<String> warnings = log.warnings();
      assertEquals(1, warnings.size(), "one line, the rest counted: " + warnings);
      assertTrue(warnings.get(0).contains("rtmpt.max-sessions-per-address"), "it names the limit");
      assertEquals(
          1000L, server.registry().statistics().errors().get(RtmptErrorKind.ADDRESS_LIMIT));
    }
  }
}
