package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.Await;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.FaultProxy;
import io.rtmpt.webapp.testing.FaultProxy.Fault;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault matrix of issue #9: ffmpeg playing, rtmpdump playing and ffmpeg publishing over {@code
 * rtmpt://} through a {@link FaultProxy} that breaks one request - the {@code n}-th {@code /open},
 * {@code /send}, {@code /idle} or {@code /close} - in one of four ways, in front of the in-process
 * engine. Every cell ends as README.md's table says: repaired and still decoding, or ended cleanly,
 * the client with the exit code measured for it and the server with the session's end logged (by
 * the client's {@code /close}, or by the session timeout when the client does not come back) -
 * never a hang: every client has a bound, and rtmpdump, which hangs after a failed {@code /open/1}
 * (client-behaviour.md), is killed after {@value #HANG_SECONDS} s.
 *
 * <p>The cells run concurrently in {@link #runTheMatrix()}; one dynamic test per cell checks its
 * outcome. ffmpeg's publisher posts no {@code /idle} (it always has data to send when it reads), so
 * it has no idle row. Logs: target/interop/TunnelFaultMatrixTest/.
 */
class TunnelFaultMatrixTest {
  private static final Path LOGS = Path.of("target", "interop", "TunnelFaultMatrixTest");

  /** How long the ffmpeg players decode and the ffmpeg publishers publish. */
  private static final int SECONDS = 8;

  /** A rtmpdump close cell plays a stream of this length to its end, then posts /close. */
  private static final int DUMP_STREAM_SECONDS = 6;

  /** A client still running this long after it started is taken to hang, and killed. */
  private static final int HANG_SECONDS = 10;

  /** Cells running at the same time. */
  private static final int PARALLEL = 8;

  private static final String SESSION_TIMEOUT_MS = "3000";
  private static final String SHARED_STREAM = "matrix";

  private static EmbeddedWebapp webapp;
  private static int rtmpPort;
  private static ExternalProcess sharedPublisher;
  private static LogCapture log;
  private static final Map<Cell, Future<Outcome>> OUTCOMES = new LinkedHashMap<>();

  /** Who goes through the proxy. */
  enum Client {
    FFMPEG_PLAY,
    RTMPDUMP_PLAY,
    FFMPEG_PUBLISH;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** What the client does once its request failed. */
  enum Result {
    /** The tunnel was repaired: it plays to its end, every second decoded, no decode error. */
    REPAIRED,
    /** It runs to its end as without the fault (which hit its last request). */
    UNAFFECTED,
    /** It exits with an error at once: nothing played or published. */
    FAILS,
    /** It stops early with the exit code given, keeping what it had. */
    TRUNCATED,
    /** It hangs (librtmp after a failed /open/1) and is killed. */
    HANGS
  }

  /**
   * One cell and what must come of it.
   *
   * @param exitCodes the client's exit code (FAILS, TRUNCATED; 0 for REPAIRED and UNAFFECTED), or
   *     the codes it may end with when that depends on timing
   * @param serverEnd how the server may end the tunnel; empty when no session is opened
   */
  record Cell(
      Client client,
      String command,
      int occurrence,
      Fault fault,
      Result result,
      Set<Integer> exitCodes,
      Set<RtmptCloseReason> serverEnd) {
    /** A cell whose client ends with {@code exitCode} and its server one of {@code serverEnd}. */
    Cell(
        Client client,
        String command,
        int occurrence,
        Fault fault,
        Result result,
        int exitCode,
        Set<RtmptCloseReason> serverEnd) {
      this(client, command, occurrence, fault, result, Set.of(exitCode), serverEnd);
    }

    /** A cell the server ends one way ({@code serverEnd}), or opens no session for (null). */
    Cell(
        Client client,
        String command,
        int occurrence,
        Fault fault,
        Result result,
        int exitCode,
        RtmptCloseReason serverEnd) {
      this(
          client,
          command,
          occurrence,
          fault,
          result,
          Set.of(exitCode),
          serverEnd == null ? Set.of() : Set.of(serverEnd));
    }

    /**
     * librtmp posts its last /send and /close back to back and closes the connection without
     * reading a reply: that reset often kills the /close before the proxy (or a server) reads it.
     */
    boolean racesTheClient() {
      return client == Client.RTMPDUMP_PLAY && command.equals("close");
    }

    String name() {
      return client.name().toLowerCase(Locale.ROOT).replace('_', '-')
          + "-"
          + command
          + "-"
          + fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
      return client.label()
          + ", "
          + fault.name().toLowerCase(Locale.ROOT)
          + " on /"
          + command
          + " #"
          + occurrence;
    }
  }

  /**
   * What happened in one cell.
   *
   * @param exitCode the client's exit code, or -1 when it had to be killed
   * @param frames frames decoded (players) or published (the publisher); -1 when none
   * @param seconds how far into the stream an ffmpeg got (its last {@code time=}); -1 when unknown
   * @param decodeErrors decoding errors in ffmpeg's log
   */
  record Outcome(
      int exitCode,
      long millis,
      int frames,
      double seconds,
      List<String> decodeErrors,
      List<FaultProxy.Rule> fired,
      int connections,
      List<String> sessionIds,
      List<FaultProxy.Exchange> exchanges,
      String clientTail) {
    @Override
    public String toString() {
      int fault = 0;
      for (int i = 0; i < exchanges.size(); i++) {
        if (exchanges.get(i).fault() != null) {
          fault = i;
        }
      }
      return "exit "
          + exitCode
          + " after "
          + millis
          + " ms, "
          + frames
          + " frames, "
          + seconds
          + " s, decode errors "
          + decodeErrors
          + ", fired "
          + fired
          + ", "
          + connections
          + " connection(s), sessions "
          + sessionIds
          + "\n  requests around the fault: "
          + exchanges.subList(Math.max(0, fault - 2), Math.min(exchanges.size(), fault + 4))
          + "\n  client: "
          + clientTail;
    }
  }

  static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    Client play = Client.FFMPEG_PLAY;
    Client dump = Client.RTMPDUMP_PLAY;
    Client publish = Client.FFMPEG_PUBLISH;
    RtmptCloseReason closed = RtmptCloseReason.CLIENT_CLOSE;
    RtmptCloseReason timedOut = RtmptCloseReason.SESSION_TIMEOUT;
    RtmptCloseReason noSession = null;

    // ffmpeg playing: /open/1, the 3rd /send (createStream, while connecting), the 20th /idle
    // (playing), /close.
    cells.add(new Cell(play, "open", 1, Fault.LOSE_REQUEST, Result.FAILS, 1, noSession));
    cells.add(new Cell(play, "open", 1, Fault.LOSE_REPLY, Result.FAILS, 1, timedOut));
    cells.add(new Cell(play, "open", 1, Fault.RESET, Result.FAILS, 1, timedOut));
    cells.add(new Cell(play, "open", 1, Fault.CONNECTION_CLOSE, Result.FAILS, 1, timedOut));
    cells.add(new Cell(play, "send", 3, Fault.LOSE_REQUEST, Result.FAILS, 1, closed));
    cells.add(new Cell(play, "send", 3, Fault.LOSE_REPLY, Result.FAILS, 1, closed));
    cells.add(new Cell(play, "send", 3, Fault.RESET, Result.FAILS, 1, timedOut));
    cells.add(new Cell(play, "send", 3, Fault.CONNECTION_CLOSE, Result.FAILS, 1, timedOut));
    cells.add(new Cell(play, "idle", 20, Fault.LOSE_REQUEST, Result.REPAIRED, 0, closed));
    cells.add(new Cell(play, "idle", 20, Fault.LOSE_REPLY, Result.REPAIRED, 0, closed));
    cells.add(new Cell(play, "idle", 20, Fault.RESET, Result.TRUNCATED, 0, timedOut));
    cells.add(new Cell(play, "idle", 20, Fault.CONNECTION_CLOSE, Result.TRUNCATED, 0, timedOut));
    cells.add(new Cell(play, "close", 1, Fault.LOSE_REQUEST, Result.UNAFFECTED, 0, timedOut));
    cells.add(new Cell(play, "close", 1, Fault.LOSE_REPLY, Result.UNAFFECTED, 0, closed));
    cells.add(new Cell(play, "close", 1, Fault.RESET, Result.UNAFFECTED, 0, closed));
    cells.add(new Cell(play, "close", 1, Fault.CONNECTION_CLOSE, Result.UNAFFECTED, 0, closed));

    // rtmpdump playing: /open/1, the 5th /send (while connecting), the 50th /idle, /close.
    cells.add(new Cell(dump, "open", 1, Fault.LOSE_REQUEST, Result.HANGS, -1, noSession));
    cells.add(new Cell(dump, "open", 1, Fault.LOSE_REPLY, Result.HANGS, -1, timedOut));
    cells.add(new Cell(dump, "open", 1, Fault.RESET, Result.HANGS, -1, timedOut));
    cells.add(new Cell(dump, "open", 1, Fault.CONNECTION_CLOSE, Result.FAILS, 3, timedOut));
    cells.add(new Cell(dump, "send", 5, Fault.LOSE_REQUEST, Result.FAILS, 1, timedOut));
    cells.add(new Cell(dump, "send", 5, Fault.LOSE_REPLY, Result.FAILS, 1, timedOut));
    cells.add(new Cell(dump, "send", 5, Fault.RESET, Result.FAILS, 1, timedOut));
    cells.add(new Cell(dump, "send", 5, Fault.CONNECTION_CLOSE, Result.FAILS, 1, timedOut));
    cells.add(new Cell(dump, "idle", 50, Fault.LOSE_REQUEST, Result.TRUNCATED, 2, timedOut));
    cells.add(new Cell(dump, "idle", 50, Fault.LOSE_REPLY, Result.TRUNCATED, 2, timedOut));
    cells.add(new Cell(dump, "idle", 50, Fault.RESET, Result.TRUNCATED, 2, timedOut));
    // librtmp finds the closed connection when it reads (0, "Download complete") or when it
    // writes its next request first (SIGPIPE, 2), whichever comes first.
    cells.add(
        new Cell(
            dump,
            "idle",
            50,
            Fault.CONNECTION_CLOSE,
            Result.TRUNCATED,
            Set.of(0, 2),
            Set.of(timedOut)));
    Set<RtmptCloseReason> either = Set.of(closed, timedOut);
    cells.add(new Cell(dump, "close", 1, Fault.LOSE_REQUEST, Result.UNAFFECTED, 0, timedOut));
    cells.add(new Cell(dump, "close", 1, Fault.LOSE_REPLY, Result.UNAFFECTED, 0, either));
    cells.add(new Cell(dump, "close", 1, Fault.RESET, Result.UNAFFECTED, 0, either));
    cells.add(new Cell(dump, "close", 1, Fault.CONNECTION_CLOSE, Result.UNAFFECTED, 0, either));

    // ffmpeg publishing: /open/1, the 20th /send (media), /close.
    cells.add(new Cell(publish, "open", 1, Fault.LOSE_REQUEST, Result.FAILS, 1, noSession));
    cells.add(new Cell(publish, "open", 1, Fault.LOSE_REPLY, Result.FAILS, 1, timedOut));
    cells.add(new Cell(publish, "open", 1, Fault.RESET, Result.FAILS, 1, timedOut));
    cells.add(new Cell(publish, "open", 1, Fault.CONNECTION_CLOSE, Result.FAILS, 1, timedOut));
    cells.add(new Cell(publish, "send", 20, Fault.LOSE_REQUEST, Result.TRUNCATED, 1, closed));
    cells.add(new Cell(publish, "send", 20, Fault.LOSE_REPLY, Result.TRUNCATED, 1, closed));
    cells.add(new Cell(publish, "send", 20, Fault.RESET, Result.TRUNCATED, 1, timedOut));
    cells.add(new Cell(publish, "send", 20, Fault.CONNECTION_CLOSE, Result.TRUNCATED, 1, timedOut));
    cells.add(new Cell(publish, "close", 1, Fault.LOSE_REQUEST, Result.UNAFFECTED, 0, timedOut));
    cells.add(new Cell(publish, "close", 1, Fault.LOSE_REPLY, Result.UNAFFECTED, 0, closed));
    cells.add(new Cell(publish, "close", 1, Fault.RESET, Result.UNAFFECTED, 0, closed));
    cells.add(new Cell(publish, "close", 1, Fault.CONNECTION_CLOSE, Result.UNAFFECTED, 0, closed));
    return cells;
  }

  @BeforeAll
  static void runTheMatrix() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("rtmpdump");
    Interop.requireTool("ffprobe");
    Files.createDirectories(LOGS);
    log = LogCapture.of("io.rtmpt");
    rtmpPort = Ports.freePort();
    webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort),
                "rtmpt.session-timeout-ms",
                SESSION_TIMEOUT_MS,
                // The close cells need rtmpdump to see its stream end, then post /close: librtmp
                // ends on UnpublishNotify, which the engine sends only with publish-notify (off by
                // default since players stay through an unpublish).
                "rtmpt.engine.publish-notify",
                "true"));
    sharedPublisher =
        ExternalProcess.start("shared-publisher", LOGS, Ffmpeg.publish(rtmpUrl(SHARED_STREAM), 0));
    awaitLive(SHARED_STREAM, sharedPublisher);
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (Cell cell : cells()) {
        OUTCOMES.put(cell, pool.submit(() -> run(cell)));
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES), "the matrix ran within 10 minutes");
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (sharedPublisher != null) {
      sharedPublisher.close();
    }
    if (webapp != null) {
      webapp.close();
    }
    if (log != null) {
      log.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCellEndsAsDocumented() {
    return OUTCOMES.entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey().toString(), () -> check(e.getKey())));
  }

  @Test
  void noTunnelWaitedForALostRequestOrFedOneOutOfOrder() throws Exception {
    for (Future<Outcome> outcome : OUTCOMES.values()) {
      outcome.get();
    }
    var closed = webapp.registry().statistics().sessionsClosed();
    assertEquals(0, closed.get(RtmptCloseReason.REORDER_TIMEOUT), closed.toString());
    assertEquals(0, closed.get(RtmptCloseReason.OUT_OF_ORDER), closed.toString());
    assertEquals(
        List.of(),
        log.messages().stream().filter(m -> m.contains("waited") || m.contains("threw")).toList());
  }

  private static String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  private static void awaitLive(String stream, ExternalProcess publisher)
      throws InterruptedException {
    StreamKey key = new StreamKey("live", stream);
    Await.until(
        "live/" + stream + " is live",
        Duration.ofSeconds(20),
        () -> {
          LiveStream live = webapp.engine().streams().get(key);
          return live != null && live.snapshot().publishing() && live.snapshot().frames() > 25;
        },
        publisher::isAlive,
        publisher::tail);
  }

  private static Outcome run(Cell cell) throws Exception {
    String name = cell.name();
    try (FaultProxy proxy =
        FaultProxy.start(
            webapp.port(), new FaultProxy.Rule(cell.command(), cell.occurrence(), cell.fault()))) {
      ExternalProcess ownPublisher = null;
      String stream = SHARED_STREAM;
      List<String> client;
      Path flv = LOGS.resolve(name + ".flv");
      switch (cell.client()) {
        case FFMPEG_PLAY -> client = Ffmpeg.decode(proxy.rtmptUrl("live", stream), SECONDS);
        case RTMPDUMP_PLAY -> {
          if (cell.command().equals("close")) {
            stream = name;
            ownPublisher =
                ExternalProcess.start(
                    name + "-publisher",
                    LOGS,
                    Ffmpeg.publish(rtmpUrl(stream), DUMP_STREAM_SECONDS));
            awaitLive(stream, ownPublisher);
          }
          client = Ffmpeg.rtmpdump(proxy.rtmptUrl("live", stream), flv);
        }
        case FFMPEG_PUBLISH -> client = Ffmpeg.publish(proxy.rtmptUrl("live", name), SECONDS);
        default -> throw new IllegalStateException(cell.client().toString());
      }
      long start = System.nanoTime();
      int exitCode;
      String stderr;
      try (ExternalProcess process = ExternalProcess.start(name, LOGS, client)) {
        Duration bound =
            cell.result() == Result.HANGS
                ? Duration.ofSeconds(HANG_SECONDS)
                : Duration.ofSeconds(SECONDS * 4L);
        try {
          exitCode = process.waitFor(bound);
        } catch (IOException stillRunning) {
          exitCode = -1; // waitFor killed it
        }
        stderr = process.stderr();
      } finally {
        if (ownPublisher != null) {
          ownPublisher.close();
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int frames =
          cell.client() == Client.RTMPDUMP_PLAY ? probeFrames(flv) : Ffmpeg.lastFrameCount(stderr);
      List<String> tail = List.of(stderr.split("\n"));
      return new Outcome(
          exitCode,
          millis,
          frames,
          cell.client() == Client.RTMPDUMP_PLAY ? -1 : lastTime(stderr),
          cell.client() == Client.RTMPDUMP_PLAY ? List.of() : Ffmpeg.decodeErrors(stderr),
          proxy.fired(),
          proxy.connections(),
          proxy.sessionIds(),
          proxy.exchanges(),
          String.join("\n", tail.subList(Math.max(0, tail.size() - 8), tail.size())));
    }
  }

  /** Video frames ffprobe decodes in rtmpdump's recording, or -1 when there is none. */
  private static int probeFrames(Path flv) throws IOException, InterruptedException {
    if (!Files.exists(flv) || Files.size(flv) == 0) {
      return -1;
    }
    return Ffmpeg.probe(flv, LOGS).videoFrames();
  }

  private static final Pattern TIME = Pattern.compile("time=(\\d+):(\\d+):(\\d+\\.\\d+)");

  /** The last {@code time=HH:MM:SS.ss} of an ffmpeg's progress, in seconds, or -1. */
  private static double lastTime(String log) {
    Matcher m = TIME.matcher(log);
    double last = -1;
    while (m.find()) {
      last =
          Integer.parseInt(m.group(1)) * 3600
              + Integer.parseInt(m.group(2)) * 60
              + Double.parseDouble(m.group(3));
    }
    return last;
  }

  private static void check(Cell cell) throws Exception {
    Outcome outcome = OUTCOMES.get(cell).get();
    String what = cell + ": " + outcome;
    if (!cell.racesTheClient()) {
      assertEquals(1, outcome.fired().size(), "the fault fired: " + what);
    }
    int full = (int) (0.9 * SECONDS * Ffmpeg.FPS);
    switch (cell.result()) {
      case REPAIRED -> {
        // The tunnel loses and repeats nothing; ffmpeg itself may drop a few FLV tags around its
        // own retried read (its demuxer logs "Packet mismatch" and finds its place again; README,
        // "When requests fail"): it plays to its end, decoding without error, most of the frames.
        assertEquals(0, outcome.exitCode(), what);
        assertTrue(outcome.seconds() >= SECONDS - 0.1, "played to its end: " + what);
        assertTrue(outcome.frames() >= full / 2, "decoded on: " + what);
        assertEquals(List.of(), outcome.decodeErrors(), what);
        assertTrue(outcome.connections() >= 2, "the client went on on a new connection: " + what);
      }
      case UNAFFECTED -> {
        assertEquals(0, outcome.exitCode(), what);
        int expected = cell.client() == Client.RTMPDUMP_PLAY ? 2 * Ffmpeg.FPS : full;
        assertTrue(outcome.frames() >= expected, "ran to its end: " + what);
        assertEquals(List.of(), outcome.decodeErrors(), what);
      }
      case FAILS -> {
        assertTrue(cell.exitCodes().contains(outcome.exitCode()), "exit code: " + what);
        assertTrue(outcome.frames() <= 0, "nothing went through: " + what);
      }
      case TRUNCATED -> {
        assertTrue(cell.exitCodes().contains(outcome.exitCode()), "exit code: " + what);
        assertTrue(outcome.frames() > 0 && outcome.frames() < full, "stopped early: " + what);
      }
      case HANGS -> assertEquals(-1, outcome.exitCode(), "hung and was killed: " + what);
    }
    checkServer(cell, outcome, what);
  }

  /** The tunnel the cell opened ended as expected, with its line in the log, within the bound. */
  private static void checkServer(Cell cell, Outcome outcome, String what) throws Exception {
    if (cell.serverEnd().isEmpty()) {
      assertEquals(List.of(), outcome.sessionIds(), "no session was opened: " + what);
      return;
    }
    assertEquals(1, outcome.sessionIds().size(), "one session: " + what);
    String id = outcome.sessionIds().get(0);
    List<String> lines =
        cell.serverEnd().stream()
            .map(reason -> "RTMPT session " + id + " closed (" + reason + ")")
            .toList();
    Await.until(
        "the session ended: " + lines,
        Duration.ofSeconds(15),
        () -> log.messages().stream().anyMatch(m -> lines.stream().anyMatch(m::contains)),
        () -> what + "\n" + sessionLines(id));
    assertFalse(webapp.registry().session(id).isPresent(), what);
    if (cell.result() == Result.REPAIRED) {
      assertTrue(
          sessionLines(id).stream()
              .anyMatch(l -> l.contains("as lost") || l.contains("after a failed request")),
          "the repair is logged: " + sessionLines(id));
    }
    if (cell.client() == Client.FFMPEG_PUBLISH) {
      LiveStream live = webapp.engine().streams().get(new StreamKey("live", cell.name()));
      assertTrue(
          live == null || !live.snapshot().publishing(), "the publish ended with it: " + what);
    }
  }

  private static List<String> sessionLines(String id) {
    return log.messages().stream().filter(m -> m.contains(id)).toList();
  }
}
