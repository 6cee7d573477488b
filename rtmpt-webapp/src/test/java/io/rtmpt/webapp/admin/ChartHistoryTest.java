package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.webapp.tunnel.RtmptSessionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Samples, rates from two samples, and the bounded history; times are given, not read. */
class ChartHistoryTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Map<String, Integer> OPEN = Map.of("rtmp", 2, "rtmpt", 1);

  private static RtmptSessionInfo tunnel(String id, long bytesIn, long bytesOut, long requests) {
    return new RtmptSessionInfo(
        id,
        "10.0.0.1",
        4000,
        null,
        false,
        Instant.EPOCH,
        Instant.EPOCH,
        bytesIn,
        bytesOut,
        requests,
        RtmptSessionInfo.State.WAITING,
        OptionalLong.empty());
  }

  @Test
  void theFirstSampleHasNoRatesAndTheSecondDividesByTheTimeBetween() {
    ChartHistory history = new ChartHistory();
    Sample first =
        history.sample(10 * SECOND, 5000, List.of(tunnel("a", 0, 0, 1)), 1000, 2000, OPEN, 1);
    assertEquals(new Sample(5000, 0, 0, 2, 0, 1, 0, 1), first);
    assertEquals(Map.of(), history.rates().tunnels());

    Sample second =
        history.sample(
            12 * SECOND,
            7000,
            List.of(tunnel("a", 500, 1000, 11), tunnel("b", 9, 9, 9)),
            3000,
            6000,
            OPEN,
            1);

    assertEquals(8000, second.bitsPerSecondIn(), "2000 bytes in 2 s");
    assertEquals(16000, second.bitsPerSecondOut());
    ChartHistory.Rates rates = history.rates();
    assertEquals(8000, rates.bitsPerSecondIn());
    assertEquals(new ChartHistory.TunnelRate(2000, 4000, 5.0), rates.tunnels().get("a"));
    assertEquals(null, rates.tunnels().get("b"), "b has no earlier sample");
    assertEquals(List.of(first, second), history.history());
  }

  @Test
  void theHistoryKeepsTheLastSamplesOnly() {
    ChartHistory history = new ChartHistory();
    for (int i = 0; i < ChartHistory.HISTORY_SAMPLES + 5; i++) {
      history.sample(i * SECOND, i, List.of(), 0, 0, OPEN, 0);
    }
    List<Sample> samples = history.history();
    assertEquals(ChartHistory.HISTORY_SAMPLES, samples.size());
    assertEquals(5, samples.get(0).t(), "the oldest five are gone");
  }
}
