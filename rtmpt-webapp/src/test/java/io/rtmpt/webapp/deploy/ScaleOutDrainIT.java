package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.webapp.deploy.ScaleOut.Balancer;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One of two gateway nodes is drained behind a load balancer ({@link ScaleOut}: backend mode, one
 * nginx-rtmp origin, the repository's balancer configurations): it takes no new tunnels (its {@code
 * /readyz} says 503, its {@code /open/1} too, and the balancer sends new players to the other node
 * without a failed request), its running players go on and the one that reaches its end finishes
 * cleanly; then it is stopped (SIGTERM) and only its tunnels end, while the other node's player
 * plays on and new players are served by the other node.
 *
 * <p>Through HAProxy the operator drains the node with its admin API and stops it later; through
 * nginx SIGTERM alone drains it (the executable's shutdown hook), within the grace period the
 * compose file gives the nodes. The stream is published straight to the origin, as native RTMP
 * clients do, so that stopping a node does not end it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScaleOutDrainIT {
  /**
   * A player that reaches its end while its node drains: started last before the drain begins,
   * shorter than the grace period (20 s) and longer than its start (a few seconds, more on a loaded
   * machine).
   */
  private static final int SHORT_PLAY_SECONDS = 18;

  /** Players that are still playing when the node stops. */
  private static final int LONG_PLAY_SECONDS = 600;

  /** Recordings made while a node drains and after it stopped (see ScaleOutIT). */
  private static final int RECORD_SECONDS = 7;

  private static ScaleOut scaleOut;

  @BeforeAll
  static void startTheOriginAndTwoNodes() throws Exception {
    scaleOut = ScaleOut.start(ScaleOutDrainIT.class);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (scaleOut != null) {
      scaleOut.close();
    }
  }

  @Test
  void throughHaproxyANodeDrainedByTheOperatorFinishesItsPlayersAndOnlyItsTunnelsEndAtItsStop()
      throws Exception {
    try (Balancer haproxy = scaleOut.haproxy("haproxy")) {
      drainAndStop(haproxy, true);
    }
  }

  @Test
  void throughNginxANodeDrainedBySigtermFinishesItsPlayersAndOnlyItsTunnelsEnd() throws Exception {
    try (Balancer nginx = scaleOut.nginx("nginx-balancer")) {
      drainAndStop(nginx, false);
    }
  }

  /** A player and the node its tunnel landed on. */
  private record Landed(Player player, String node, String tunnel) {}

  private void drainAndStop(Balancer balancer, boolean byOperator) throws Exception {
    for (String id : scaleOut.nodeIds()) {
      scaleOut.ensureRunning(id);
    }
    String name = balancer.name().replace("-balancer", "");
    String stream = "/live/drain-" + name;
    List<Player> players = new ArrayList<>();
    try (ExternalProcess publisher =
        LiveChecks.startPublisher(
            name + "-publisher", scaleOut.logs(), scaleOut.originUrl(stream))) {
      warmUp(balancer);
      // Players one at a time through the balancer, long ones until one plays on each node (the
      // first one's node is drained), then, last so that it is still playing when the drain
      // begins, a short one on the node to drain.
      Landed longOnDrained = null;
      Landed longOnOther = null;
      for (int i = 1; i <= 6 && (longOnDrained == null || longOnOther == null); i++) {
        Landed landed = land(name + "-long-" + i, balancer, stream, LONG_PLAY_SECONDS, players);
        if (longOnDrained == null) {
          longOnDrained = landed;
        } else if (!landed.node().equals(longOnDrained.node()) && longOnOther == null) {
          longOnOther = landed;
        }
      }
      assertNotNull(longOnOther, "long players on both nodes");
      String drained = longOnDrained.node();
      String other = longOnOther.node();
      Landed shortOne = null;
      for (int i = 1; i <= 4 && shortOne == null; i++) {
        Landed landed = land(name + "-short-" + i, balancer, stream, SHORT_PLAY_SECONDS, players);
        if (landed.node().equals(drained)) {
          shortOne = landed;
        }
      }
      assertNotNull(shortOne, "a short player on " + drained);
      assertEquals(200, scaleOut.readyz(drained));

      double openedBefore = scaleOut.metric(drained, "rtmpt_tunnel_sessions_opened_total");
      double clientClosesBefore =
          scaleOut.metric(drained, "rtmpt_tunnel_sessions_closed_total{reason=\"client_close\"}");
      int framesAtDrain = longOnDrained.player().framesSoFar();
      CompletableFuture<Void> stopped;
      if (byOperator) {
        HttpResponse<String> drain = scaleOut.adminAction(drained, "drain");
        assertEquals(200, drain.statusCode(), drain.body());
        assertTrue(drain.body().contains("\"state\":\"draining\""), drain.body());
        stopped = null;
      } else {
        stopped = stop(drained);
      }
      Await.until(
          drained + " is not ready", Duration.ofSeconds(10), () -> scaleOut.readyz(drained) == 503);
      assertEquals(503, scaleOut.open(drained), "a new tunnel straight to the draining node");

      // new players go to the other node, none of them failing, while the draining node's
      // players go on and the one that reaches its end finishes cleanly, by itself
      Set<String> otherBefore = scaleOut.tunnels(other);
      try (Recording during =
          Recording.start(
              name + "-recording-while-draining",
              scaleOut.logs(),
              balancer.rtmpt(stream),
              RECORD_SECONDS)) {
        Await.until(
            "the recording's tunnel on " + other,
            Duration.ofSeconds(30),
            () -> !otherBefore.containsAll(scaleOut.tunnels(other)));
        assertEquals(
            openedBefore,
            scaleOut.metric(drained, "rtmpt_tunnel_sessions_opened_total"),
            "tunnels opened on the draining node");
        shortOne.player().assertPlayedThroughout();
        // ffmpeg may exit before the node has counted the /close it answered
        Await.until(
            "the short player closed its tunnel itself",
            Duration.ofSeconds(10),
            () ->
                scaleOut.metric(
                        drained, "rtmpt_tunnel_sessions_closed_total{reason=\"client_close\"}")
                    == clientClosesBefore + 1);
        Landed playsOn = longOnDrained;
        Await.until(
            "the long player on the draining node plays on",
            Duration.ofSeconds(20),
            () -> playsOn.player().framesSoFar() >= framesAtDrain + 5 * 25,
            () -> playsOn.player().isRunning(),
            () -> playsOn.player().tail());
        during.assertPlayedBackAsPublished();
      }

      // the node stops: only its tunnels end
      if (stopped == null) {
        stopped = stop(drained);
      }
      stopped.get(60, TimeUnit.SECONDS);
      String log = scaleOut.node(drained).stderr();
      assertTrue(
          log.contains(
              byOperator ? "draining (operator admin)" : "draining (application stopping)"),
          log);
      assertTrue(log.contains("drain: closed the "), log);
      assertTrue(log.contains("rtmpt-bridge stopped"), log);
      Landed cut = longOnDrained;
      Await.until(
          "the long player of the stopped node ends (no hang)",
          Duration.ofSeconds(30),
          () -> !cut.player().isRunning(),
          () -> cut.player().tail());
      Landed kept = longOnOther;
      int framesAtStop = kept.player().framesSoFar();
      Await.until(
          "the other node's player plays on",
          Duration.ofSeconds(15),
          () -> kept.player().framesSoFar() >= framesAtStop + 50,
          () -> kept.player().isRunning(),
          () -> kept.player().tail());
      assertTrue(scaleOut.tunnels(other).contains(kept.tunnel()), "its tunnel is still open");

      // new players work on the other node
      try (Recording after =
          Recording.start(
              name + "-recording-after-stop",
              scaleOut.logs(),
              balancer.rtmpt(stream),
              RECORD_SECONDS)) {
        after.assertPlayedBackAsPublished();
      }
      assertTrue(publisher.isAlive(), publisher.tail());
    } finally {
      players.forEach(Player::close);
    }
  }

  /**
   * Opens tunnels through the balancer until both nodes have answered one (then closes them): the
   * balancer has seen both nodes ready, and their first requests, slow in a fresh JVM on a loaded
   * machine, are over.
   */
  private static void warmUp(Balancer balancer) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Set<String> answered = new HashSet<>();
    Await.until(
        "both nodes answer /open/1 through " + balancer.name(),
        Duration.ofSeconds(90),
        () -> {
          HttpResponse<String> open = post(client, balancer, "/open/1");
          if (open.statusCode() != 200) {
            return false;
          }
          String id = open.body().trim();
          post(client, balancer, "/close/" + id + "/1");
          answered.add(id.substring(0, 3));
          return answered.containsAll(scaleOut.nodeIds());
        },
        () -> "answered: " + answered);
  }

  private static HttpResponse<String> post(HttpClient client, Balancer balancer, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancer.port() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts an ffmpeg player through the balancer and waits until its tunnel shows on a node. */
  private static Landed land(
      String name, Balancer balancer, String stream, int seconds, List<Player> players)
      throws Exception {
    Map<String, Set<String>> before = scaleOut.tunnelsByNode();
    Player player = Player.start(name, scaleOut.logs(), balancer.rtmpt(stream), seconds);
    players.add(player);
    String[] landed = new String[2];
    Await.until(
        name + "'s tunnel on a node",
        Duration.ofSeconds(30),
        () -> {
          for (Map.Entry<String, Set<String>> node : scaleOut.tunnelsByNode().entrySet()) {
            Set<String> fresh = new HashSet<>(node.getValue());
            fresh.removeAll(before.get(node.getKey()));
            if (!fresh.isEmpty()) {
              landed[0] = node.getKey();
              landed[1] = fresh.iterator().next();
              return true;
            }
          }
          return false;
        },
        player::isRunning,
        player::tail);
    Await.until(
        name + " decodes",
        Duration.ofSeconds(30),
        () -> player.framesSoFar() >= 25,
        player::isRunning,
        player::tail);
    return new Landed(player, landed[0], landed[1]);
  }

  /** SIGTERM to a node, waiting for its exit in the background (its hook drains first). */
  private static CompletableFuture<Void> stop(String id) {
    ExternalProcess node = scaleOut.node(id);
    return CompletableFuture.runAsync(
        () -> {
          try {
            node.stop(Duration.ofSeconds(60));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }
}
