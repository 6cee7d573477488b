package io.rtmpt.webapp.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.webapp.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One line per kind and interval, then one with the count of the rest. */
class RepeatedLogTest {
  private static final String NAME = "io.rtmpt.webapp.log.RepeatedLogTest";
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LogCapture capture = LogCapture.of(NAME);
  private final RepeatedLog log =
      new RepeatedLog(LoggerFactory.getLogger(NAME), Duration.ofSeconds(10), now::get);

  @AfterEach
  void detach() {
    capture.close();
  }

  @Test
  void aThousandLinesInOneIntervalWriteTwoLines() {
    for (int i = 1; i <= 1000; i++) {
      log.warn("address-limit", "refused open {} from {}", i, "10.0.0.1");
    }
    assertEquals(List.of(NAME + ": refused open 1 from 10.0.0.1"), capture.warnings());

    log.flush(); // the interval is not over: nothing yet
    assertEquals(1, capture.warnings().size());
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    log.flush();
    assertEquals(
        List.of(
            NAME + ": refused open 1 from 10.0.0.1",
            NAME
                + ": 999 more like this in the last 10 s, the last: refused open 1000 from"
                + " 10.0.0.1"),
        capture.warnings());
    log.flush();
    assertEquals(2, capture.warnings().size(), "nothing more to report");
  }

  @Test
  void kindsAreCountedApartAndALineAfterTheIntervalIsWrittenWithTheCountFirst() {
    log.warn("a", "a1");
    log.warn("b", "b1");
    log.warn("a", "a2");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    log.warn("a", "a3");
    assertEquals(
        List.of(
            NAME + ": a1",
            NAME + ": b1",
            NAME + ": 1 more like this in the last 10 s, the last: a2",
            NAME + ": a3"),
        capture.warnings());
  }
}
