package io.rtmpt.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtmpt.engine.message.Acknowledgement;
import org.junit.jupiter.api.Test;

class AckWindowTest {
  private final AckWindow window = new AckWindow();

  @Test
  void nothingIsAcknowledgedBeforeTheClientAnnouncesAWindow() {
    window.received(10_000_000);
    assertNull(window.due());
    assertEquals(10_000_000, window.total());
  }

  @Test
  void anAcknowledgementIsDueOnceAWindowWasReceivedSinceTheLastOne() {
    window.setWindow(1000);
    window.received(3073); // the handshake counts
    assertEquals(new Acknowledgement(3073), window.due());
    assertNull(window.due(), "once per window");
    window.received(999);
    assertNull(window.due());
    window.received(1);
    assertEquals(new Acknowledgement(4073), window.due());
  }

  @Test
  void theSequenceNumberWrapsAt32Bits() {
    window.setWindow(1);
    window.received(0x1_0000_0005L);
    assertEquals(new Acknowledgement(5), window.due());
  }

  @Test
  void aWindowOfZeroTurnsAcknowledgementsOff() {
    window.setWindow(10);
    window.setWindow(0);
    window.received(100);
    assertNull(window.due());
  }
}
