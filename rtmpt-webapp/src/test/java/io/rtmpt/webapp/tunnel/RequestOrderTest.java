package io.rtmpt.webapp.tunnel;

import static io.rtmpt.webapp.tunnel.RequestOrder.Position.AHEAD;
import static io.rtmpt.webapp.tunnel.RequestOrder.Position.LOST;
import static io.rtmpt.webapp.tunnel.RequestOrder.Position.NEXT;
import static io.rtmpt.webapp.tunnel.RequestOrder.Position.OUT_OF_WINDOW;
import static io.rtmpt.webapp.tunnel.RequestOrder.Position.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestOrderTest {

  private final RequestOrder<String> order = new RequestOrder<>(8);

  @Test
  void zeroOrOneMayStartTheSequence() {
    assertEquals(NEXT, order.classify(0));
    assertEquals(NEXT, order.classify(1));

    order.consume(1);

    assertEquals(STALE, order.classify(0));
    assertEquals(STALE, order.classify(1));
    assertEquals(NEXT, order.classify(2));
  }

  @Test
  void afterTheFirstRequestOnlyTheNextNumberRuns() {
    order.consume(0);

    assertEquals(NEXT, order.classify(1));
    assertEquals(AHEAD, order.classify(2));
    assertEquals(AHEAD, order.classify(9));
    assertEquals(OUT_OF_WINDOW, order.classify(10));
  }

  @Test
  void beforeTheFirstRequestTheWindowCountsFromOne() {
    assertEquals(AHEAD, order.classify(2));
    assertEquals(AHEAD, order.classify(9));
    assertEquals(OUT_OF_WINDOW, order.classify(10));
  }

  @Test
  void parkedRequestsAreTakenInSequenceOrder() {
    order.consume(0);
    order.park(3, "three");
    order.park(2, "two");

    assertNull(order.takeNext());
    assertFalse(order.hasNext());

    order.consume(1);

    assertTrue(order.hasNext());
    assertEquals("two", order.takeNext());
    assertEquals("three", order.takeNext());
    assertNull(order.takeNext());
    assertEquals(4, order.expected());
    assertTrue(order.isEmpty());
  }

  @Test
  void aParkedNumberIsADuplicate() {
    order.consume(0);
    order.park(2, "two");

    assertEquals(STALE, order.classify(2));
    assertTrue(order.isParked(2, "two"));
    assertFalse(order.isParked(2, "other"));
  }

  @Test
  void aParkedFirstRequestRunsWhenTheTurnIsFree() {
    order.park(2, "two");
    order.park(0, "zero");

    assertEquals("zero", order.takeNext());
    assertNull(order.takeNext());
    assertEquals(1, order.expected());
  }

  @Test
  void drainReturnsEverythingLowestFirst() {
    order.consume(0);
    order.park(5, "five");
    order.park(2, "two");

    assertEquals(List.of("two", "five"), order.drain());
    assertTrue(order.isEmpty());
  }

  @Test
  void aWindowOfZeroParksNothingAhead() {
    RequestOrder<String> strict = new RequestOrder<>(0);
    strict.consume(0);

    assertEquals(NEXT, strict.classify(1));
    assertEquals(OUT_OF_WINDOW, strict.classify(2));
  }

  @Test
  void skippingMakesAnAheadNumberNextAndRemembersTheSkippedOnesAsLost() {
    order.consume(0);

    assertEquals(2, order.skipTo(3));

    assertEquals(3, order.expected());
    assertEquals(NEXT, order.classify(3));
    assertEquals(LOST, order.classify(1));
    assertEquals(LOST, order.classify(2));
    assertEquals(STALE, order.classify(0));
  }

  @Test
  void lostNumbersAreForgottenOnceAWindowBehind() {
    order.consume(0);
    order.skipTo(2);

    order.consume(8);
    assertEquals(LOST, order.classify(1), "8 behind the expected 9: still within the window");

    order.consume(9);
    assertEquals(STALE, order.classify(1));
  }

  @Test
  void nothingIsSkippedBeforeTheFirstRequestOrPastAParkedOne() {
    assertThrows(IllegalStateException.class, () -> order.skipTo(3));

    order.consume(0);
    order.park(2, "two");

    assertThrows(IllegalStateException.class, () -> order.skipTo(3));
  }
}
