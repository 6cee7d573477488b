package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollingDelayTest {

  @Test
  void dataRepliesCarryOne() {
    PollingDelay delay = new PollingDelay();

    assertEquals(0x01, delay.next(true));
    assertEquals(0x01, delay.next(true));
  }

  @Test
  void emptyRepliesClimbOneStepEveryTenUpToTwentyOneHex() {
    PollingDelay delay = new PollingDelay();
    List<Integer> bytes = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      bytes.add(delay.next(false) & 0xFF);
    }

    int[] ladder = {0x01, 0x03, 0x05, 0x09, 0x11, 0x21, 0x21};
    for (int i = 0; i < 70; i++) {
      assertEquals(ladder[i / 10], bytes.get(i), "empty reply #" + (i + 1));
    }
  }

  @Test
  void dataResetsTheLadder() {
    PollingDelay delay = new PollingDelay();
    for (int i = 0; i < 35; i++) {
      delay.next(false);
    }
    assertEquals(0x09, delay.current());

    assertEquals(0x01, delay.next(true));
    assertEquals(0x01, delay.next(false));
    assertEquals(0x01, delay.current());
  }

  @Test
  void theLadderStaysAtTheTopForever() {
    PollingDelay delay = new PollingDelay();
    for (int i = 0; i < 100_000; i++) {
      delay.next(false);
    }

    assertEquals(0x21, delay.next(false));
  }
}
