package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.testing.FuzzInput;
import io.rtmpt.webapp.tunnel.RequestOrder.Position;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Jazzer target for the reorder logic ({@link RequestOrder}), driven as {@link RtmptSession} drives
 * it, with the properties the tunnel's correctness rests on: a number runs at most once (once run,
 * it is never NEXT or AHEAD again), parked requests come out at most once and in increasing order,
 * each exactly when it is the next number, and no more than the window plus the two possible
 * starting numbers wait at once (memory stays bounded whatever the client sends). Regression
 * inputs: {@code src/test/resources/io/rtmpt/webapp/tunnel/RequestOrderJazzerTestInputs/}.
 */
class RequestOrderJazzerTest {
  /**
   * Input: one byte (window 0..15), then operations of two bytes: what (0-1: a request arrives, 2:
   * the parked next one runs, 3: the session ends), and the number as a signed step from the
   * expected one (from 0 before anything ran).
   */
  @FuzzTest(maxDuration = "5m")
  void requestsRunOnceInOrderWithBoundedWaiting(byte[] input) {
    FuzzInput in = new FuzzInput(input);
    int window = in.u8() & 15;
    RequestOrder<Long> order = new RequestOrder<>(window);
    Set<Long> ran = new HashSet<>();
    Set<Long> parked = new HashSet<>();
    long highestRun = -1;
    while (in.remaining() > 0) {
      int what = in.u8() & 3;
      long sequence = Math.max(0, Math.max(order.expected(), 0) + (byte) in.u8());
      if (what <= 1) {
        Position position = order.classify(sequence);
        if (ran.contains(sequence) || parked.contains(sequence)) {
          assertNotEquals(Position.NEXT, position, "seq " + sequence + " again");
          assertNotEquals(Position.AHEAD, position, "seq " + sequence + " again");
        }
        if (position == Position.NEXT && !order.hasNext()) {
          order.consume(sequence);
          assertTrue(sequence > highestRun, "ran " + sequence + " after " + highestRun);
          highestRun = sequence;
          ran.add(sequence);
          assertEquals(sequence + 1, order.expected());
        } else if (position == Position.AHEAD || (position == Position.NEXT && what == 1)) {
          order.park(sequence, sequence);
          parked.add(sequence);
        }
      } else if (what == 2) {
        long expected = order.expected();
        boolean hasNext = order.hasNext();
        Long next = order.takeNext();
        assertEquals(hasNext, next != null);
        if (next != null) {
          assertTrue(
              expected < 0 ? next <= 1 : next == expected, "took " + next + " at " + expected);
          assertTrue(parked.remove(next), "took " + next + " twice");
          assertTrue(next > highestRun, "ran " + next + " after " + highestRun);
          highestRun = next;
          ran.add(next);
          assertEquals(next + 1, order.expected());
        }
      } else {
        List<Long> drained = order.drain();
        assertEquals(parked, new HashSet<>(drained), "drained");
        for (int i = 1; i < drained.size(); i++) {
          assertTrue(drained.get(i - 1) < drained.get(i), "drained out of order: " + drained);
        }
        parked.clear();
        assertTrue(order.isEmpty());
      }
      assertTrue(parked.size() <= window + 2, parked.size() + " parked with window " + window);
      assertEquals(parked.isEmpty(), order.isEmpty());
    }
  }
}
