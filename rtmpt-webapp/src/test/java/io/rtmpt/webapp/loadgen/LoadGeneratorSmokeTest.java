package io.rtmpt.webapp.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A few seconds of the load generator against the web application and the engine's RTMP listener in
 * this JVM: a publisher over RTMP and one over an ffmpeg-like tunnel, each stream played over RTMP
 * and by an ffmpeg-, a librtmp- and a Flash-like tunnel, an idle tunnel, and a request loop. Frames
 * must arrive everywhere, with latencies recorded and no error counted. It keeps the generator
 * working in every build; the figures come from the benchmark suite ({@code -Pbench}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoadGeneratorSmokeTest {
  private static final int FRAMES = 25;

  private EmbeddedWebapp webapp;
  private RtmpServer rtmp;
  private LoadGenerator generator;

  @BeforeEach
  void start() throws Exception {
    webapp = EmbeddedWebapp.start(Map.of());
    rtmp = new RtmpServer(webapp.engine(), "127.0.0.1", 0).start();
    generator = new LoadGenerator(1);
  }

  @AfterEach
  void stop() throws Exception {
    if (generator != null) {
      generator.close();
    }
    if (rtmp != null) {
      rtmp.close();
    }
    if (webapp != null) {
      webapp.close();
    }
  }

  @Test
  void publishersPlayersAndIdleTunnelsWorkOverBothTransports() throws Exception {
    InetSocketAddress http = new InetSocketAddress("127.0.0.1", webapp.port());
    InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", rtmp.port());
    List<LoadClient> clients = new ArrayList<>();
    clients.add(
        ready(generator.rtmp(tcp, new Role.Publish("live", "a", MediaSource.paced(25, 2000)))));
    clients.add(
        ready(
            generator.rtmpt(
                http,
                TunnelOptions.of(ClientKind.FFMPEG),
                new Role.Publish("live", "b", MediaSource.paced(25, 2000)))));

    List<PlayerStats> players = new ArrayList<>();
    for (String stream : List.of("a", "b")) {
      PlayerStats overTcp = new PlayerStats(generator.metrics().latency("rtmp"));
      players.add(overTcp);
      clients.add(ready(generator.rtmp(tcp, new Role.Play("live", stream, overTcp))));
      for (ClientKind kind : ClientKind.values()) {
        PlayerStats stats = new PlayerStats(generator.metrics().latency(kind.label()));
        players.add(stats);
        clients.add(
            ready(
                generator.rtmpt(
                    http, TunnelOptions.of(kind), new Role.Play("live", stream, stats))));
      }
    }
    clients.add(
        ready(
            generator.rtmpt(
                http,
                TunnelOptions.of(ClientKind.FFMPEG).pollingEvery(Duration.ofMillis(300)),
                new Role.Idle("live"))));
    long requestsBefore = generator.metrics().requests();

    Await.until(
        "every player received " + FRAMES + " frames",
        Duration.ofSeconds(60),
        () -> players.stream().allMatch(p -> p.frames() >= FRAMES),
        () -> "frames per player: " + players.stream().map(PlayerStats::frames).toList());

    assertTrue(generator.metrics().requests() > requestsBefore, "tunnels kept polling");
    for (String group : List.of("rtmp", "ffmpeg", "librtmp", "flash")) {
      Histogram latency = generator.metrics().takeLatency(group);
      assertTrue(latency.getTotalCount() >= 2L * FRAMES, group + ": " + latency.getTotalCount());
    }

    for (LoadClient client : clients) {
      client.close();
    }
    for (LoadClient client : clients) {
      client.closed().get(30, TimeUnit.SECONDS);
    }
    assertEquals(
        Map.of(), generator.metrics().errors(), "errors: " + generator.metrics().errorSamples());
    Await.until(
        "the server closed every tunnel on /close",
        Duration.ofSeconds(30),
        () -> webapp.registry().sessions().isEmpty());

    try (RequestLoop loop = generator.requestLoop(http, 2, RequestLoop.Target.idle())) {
      Await.until("the request loop got replies", Duration.ofSeconds(30), () -> loop.replies() > 2);
    }
    assertEquals(Map.of(), generator.metrics().errors(), "request loop errors");
  }

  private static LoadClient ready(LoadClient client) throws Exception {
    client.ready().get(30, TimeUnit.SECONDS);
    return client;
  }
}
