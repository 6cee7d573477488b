package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.webapp.deploy.ScaleOut.Balancer;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scale-out without shared state, as docker-compose.yml sets it up ({@link ScaleOut}): two gateway
 * nodes in backend mode in front of ONE nginx-rtmp origin, behind a load balancer that routes each
 * tunnel's requests by the node id in its session id: HAProxy with docker/haproxy/haproxy.cfg, then
 * nginx with docker/nginx/nginx.conf.
 *
 * <p>Through each balancer ffmpeg publishes over rtmpt:// and three ffmpeg players record the
 * stream, one of them over rtmpts:// (TLS ending at the balancer); every recording must probe as
 * what was published, and the tunnels must have landed on both nodes, as each node's admin API
 * lists them, every id starting with that node's id. The balancer connects to the nodes from {@link
 * ScaleOut#BALANCER_SOURCE}, the nodes' trusted proxy: every tunnel must show the client's address
 * (from {@code X-Forwarded-For}), and the rtmpts:// player's tunnel must count as RTMPTS (from
 * {@code X-Forwarded-Proto}). {@link ScaleOutDrainIT} drains a node.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScaleOutIT {
  /**
   * 7 s recordings, checked for 5 s of frames: players join nginx-rtmp at the publisher's next key
   * frame (no GOP cache there), up to 1 s later.
   */
  private static final int RECORD_SECONDS = 7;

  private static ScaleOut scaleOut;

  @BeforeAll
  static void startTheOriginAndTwoNodes() throws Exception {
    scaleOut = ScaleOut.start(ScaleOutIT.class);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (scaleOut != null) {
      scaleOut.close();
    }
  }

  @Test
  void throughHaproxyTunnelsLandOnBothNodesAndEveryPlayerGetsTheStream() throws Exception {
    try (Balancer haproxy = scaleOut.haproxy("haproxy")) {
      playThrough(haproxy);
    }
  }

  @Test
  void throughNginxTunnelsLandOnBothNodesAndEveryPlayerGetsTheStream() throws Exception {
    try (Balancer nginx = scaleOut.nginx("nginx-balancer")) {
      playThrough(nginx);
    }
  }

  /**
   * ffmpeg publishing over rtmpt:// through the balancer and three recordings (two over rtmpt://,
   * one over rtmpts://); while they run, both nodes' admin APIs must list new tunnels, at least
   * four together.
   */
  private void playThrough(Balancer balancer) throws Exception {
    String name = balancer.name().replace("-balancer", "");
    String stream = "/live/scale-" + name;
    Map<String, Set<String>> before = scaleOut.tunnelsByNode();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    scaleOut.nodeIds().forEach(id -> seen.put(id, new HashSet<>()));
    try (ExternalProcess publisher =
            LiveChecks.startPublisher(
                name + "-publisher", scaleOut.logs(), balancer.rtmpt(stream));
        Recording first =
            Recording.start(
                name + "-recording-1", scaleOut.logs(), balancer.rtmpt(stream), RECORD_SECONDS);
        Recording second =
            Recording.start(
                name + "-recording-2", scaleOut.logs(), balancer.rtmpt(stream), RECORD_SECONDS);
        Recording tls =
            Recording.start(
                name + "-recording-tls",
                scaleOut.logs(),
                balancer.rtmpts(stream),
                RECORD_SECONDS)) {
      Await.until(
          "tunnels of the publisher and three players on both nodes, one over TLS",
          Duration.ofSeconds(30),
          () -> {
            for (String id : scaleOut.nodeIds()) {
              scaleOut.tunnelRows(id).entrySet().stream()
                  .filter(tunnel -> !before.get(id).contains(tunnel.getKey()))
                  .forEach(
                      tunnel -> {
                        seen.get(id).add(tunnel.getKey());
                        rows.put(tunnel.getKey(), tunnel.getValue());
                      });
            }
            return seen.values().stream().allMatch(s -> !s.isEmpty())
                && seen.values().stream().mapToInt(Set::size).sum() >= 4
                && rows.values().stream()
                    .anyMatch(r -> r.path("transport").asText().equals("rtmpts"));
          },
          () -> "tunnels seen per node: " + seen + "; rows: " + rows);
      first.assertPlayedBackAsPublished();
      second.assertPlayedBackAsPublished();
      tls.assertPlayedBackAsPublished();
      assertTrue(publisher.isAlive(), publisher.tail());
    }
    for (JsonNode row : rows.values()) {
      assertTrue(
          row.path("clientAddress").asText().startsWith("127.0.0.1:"),
          "a tunnel through the balancer shows the client's address, not the balancer's "
              + ScaleOut.BALANCER_SOURCE
              + ": "
              + row);
    }
    for (Map.Entry<String, Set<String>> node : seen.entrySet()) {
      for (String id : node.getValue()) {
        assertTrue(
            id.matches(node.getKey() + "[A-Z][A-Za-z0-9]{23}"),
            "node " + node.getKey() + " issued the tunnel id " + id);
      }
    }
  }
}
