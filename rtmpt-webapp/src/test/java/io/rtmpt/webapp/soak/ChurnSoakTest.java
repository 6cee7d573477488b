package io.rtmpt.webapp.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.testing.Link;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import io.rtmpt.webapp.tunnel.RtmptStatistics;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bounded churn against the in-process server (embedded Jetty with the web application in engine
 * mode, and its native RTMP listener): thousands of tunnels and TCP connections that publish, play
 * a stream fed all along, or are abandoned (after connect, after {@code /open/1}, in the handshake)
 * and left to the session timeout and the engine's timeouts, which the test makes short. Afterwards
 * no session remains in the engine or the tunnel registry, no stream remains, the threads are back
 * to their baseline and the heap (after {@code System.gc()}) near its start.
 *
 * <p>The build runs a short churn (a few tens of seconds); a longer one: {@code mvn -B -pl
 * rtmpt-webapp -am test -Dtest=ChurnSoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsoak.sessions=40000} (README, section Soak). The figures are printed and kept in the test's
 * output file.
 */
class ChurnSoakTest {
  private static final int SESSIONS = Integer.getInteger("soak.sessions", 4000);
  private static final int CONCURRENCY = Integer.getInteger("soak.concurrency", 16);

  /** The test's HTTP client gets a pool of its own, so that its threads are counted apart. */
  static final int HTTP_THREADS = 4;

  /** Generous: the heap may keep caches (class data, pooled buffers), never per-session state. */
  private static final long HEAP_GROWTH_BOUND = 64L << 20;

  @Test
  void sessionsChurnedLeaveNoSessionThreadOrHeapBehind() throws Exception {
    int rtmpPort = Ports.freePort();
    try (EmbeddedWebapp webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.rtmp-host", "127.0.0.1",
                "rtmpt.rtmp-port", String.valueOf(rtmpPort),
                "rtmpt.session-timeout-ms", "1000",
                "rtmpt.idle-hold-ms", "50",
                "rtmpt.max-sessions", "100000",
                "rtmpt.max-sessions-per-address", "100000",
                "rtmpt.engine.max-connections", "100000",
                "rtmpt.engine.ping-interval-ms", "750",
                "rtmpt.engine.ping-timeout-ms", "750",
                "rtmpt.engine.handshake-timeout-ms", "1500"))) {
      RtmpEngine engine = webapp.engine();
      RtmptSessionRegistry tunnels = webapp.registry();
      ExecutorService httpThreads =
          Executors.newFixedThreadPool(HTTP_THREADS, r -> new Thread(r, "soak-http"));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .executor(httpThreads)
              .build();
      ChurnClient.Target target = new ChurnClient.Target(http, webapp.httpBase(), rtmpPort);
      ConcurrentLinkedQueue<AutoCloseable> abandoned = new ConcurrentLinkedQueue<>();

      // Warm-up: every kind once, so that lazily started pools count in the baseline.
      churn(ChurnClient.values().length, 2, target, abandoned);
      awaitEmpty(engine, tunnels);
      closeAll(abandoned);
      ThreadCensus threadsBefore = ThreadCensus.now();
      long heapBefore = usedHeapAfterGc();

      long started = System.nanoTime();
      Map<ChurnClient, Integer> done = churn(SESSIONS, CONCURRENCY, target, abandoned);
      long churnMillis = (System.nanoTime() - started) / 1_000_000;
      awaitEmpty(engine, tunnels);
      long drainedMillis = (System.nanoTime() - started) / 1_000_000;
      closeAll(abandoned);

      Await.until(
          "threads back to their baseline",
          Duration.ofSeconds(30),
          () -> ThreadCensus.now().leaksSince(threadsBefore).isEmpty(),
          () ->
              "leaked: "
                  + ThreadCensus.now().leaksSince(threadsBefore)
                  + "\nnow "
                  + ThreadCensus.now().groups());
      ThreadCensus threadsAfter = ThreadCensus.now();
      long heapAfter = usedHeapAfterGc();
      RtmptStatistics stats = tunnels.statistics();
      System.out.printf(
          "soak: %d sessions (%s) in %d ms, all closed after %d ms; tunnels opened %d, closed %s;"
              + " threads %d -> %d (pools that grew: %s); heap after GC %d KiB -> %d KiB (%+d"
              + " KiB)%n",
          SESSIONS,
          done,
          churnMillis,
          drainedMillis,
          stats.sessionsOpened(),
          stats.sessionsClosed(),
          threadsBefore.total(),
          threadsAfter.total(),
          threadsAfter.grownSince(threadsBefore),
          heapBefore >> 10,
          heapAfter >> 10,
          (heapAfter - heapBefore) >> 10);
      httpThreads.shutdown();
      assertEquals(SESSIONS, done.values().stream().mapToInt(Integer::intValue).sum());
      assertTrue(
          heapAfter - heapBefore < HEAP_GROWTH_BOUND,
          "heap grew by " + ((heapAfter - heapBefore) >> 10) + " KiB");
    }
  }

  /**
   * Runs {@code count} sessions, kinds in turn, on {@code concurrency} threads while a feeder
   * publishes {@link ChurnClient#FEED} over TCP; fails on the first session that fails.
   */
  private static Map<ChurnClient, Integer> churn(
      int count,
      int concurrency,
      ChurnClient.Target target,
      ConcurrentLinkedQueue<AutoCloseable> abandoned)
      throws Exception {
    AtomicBoolean feeding = new AtomicBoolean(true);
    Thread feeder = new Thread(() -> feed(target, feeding), "feed");
    feeder.start();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            concurrency, r -> new Thread(r, "churn-" + threadNumber.incrementAndGet()));
    Map<ChurnClient, Integer> done = new EnumMap<>(ChurnClient.class);
    try {
      List<Future<ChurnClient>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        ChurnClient kind = ChurnClient.values()[i % ChurnClient.values().length];
        futures.add(
            pool.submit(
                () -> {
                  kind.run(index, target, abandoned::add);
                  return kind;
                }));
      }
      for (Future<ChurnClient> f : futures) {
        done.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      }
    } finally {
      pool.shutdownNow();
      feeding.set(false);
      feeder.join(10_000);
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "churn threads still running");
    }
    return done;
  }

  /** Publishes the stream players play, a group of pictures every 100 ms, until told to stop. */
  private static void feed(ChurnClient.Target target, AtomicBoolean feeding) {
    try (RtmpScript<Link> feeder =
        RtmpScript.start((Link) SocketLink.connect("127.0.0.1", target.rtmpPort()))) {
      feeder.connectApp("live");
      int stream = feeder.createStream();
      ChurnClient.publish(feeder, stream, ChurnClient.FEED);
      for (long t = 200; feeding.get(); t += 200) {
        for (RawMessage m : ChurnClient.frames(stream, t)) {
          feeder.sendRaw(m);
        }
        feeder.receive();
        Thread.sleep(100);
      }
    } catch (Exception e) {
      throw new AssertionError("the feeder failed", e);
    }
  }

  private static void awaitEmpty(RtmpEngine engine, RtmptSessionRegistry tunnels)
      throws InterruptedException {
    Await.until(
        "no session and no stream left",
        Duration.ofSeconds(60),
        () ->
            engine.sessionCount() == 0
                && tunnels.sessions().isEmpty()
                && engine.streams().streams().isEmpty(),
        () ->
            "engine sessions "
                + engine.sessions()
                + "\ntunnels "
                + tunnels.sessions()
                + "\nstreams "
                + engine.streams().snapshots());
  }

  private static void closeAll(ConcurrentLinkedQueue<AutoCloseable> abandoned) throws Exception {
    for (AutoCloseable c; (c = abandoned.poll()) != null; ) {
      c.close();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
