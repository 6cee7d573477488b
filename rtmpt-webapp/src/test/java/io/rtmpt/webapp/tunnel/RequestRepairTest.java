package io.rtmpt.webapp.tunnel;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.tunnel.RequestRepair.Repair;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What a session repairs after a failed request, decided from what it remembers. */
class RequestRepairTest {
  private static final byte[] IDLE = {0};

  private final RequestRepair repair = new RequestRepair();

  private static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }

  /** Reply data as the tunnel keeps it: behind the polling byte's room. */
  private static ByteBuffer reply(String text) {
    byte[] data = ascii(" " + text);
    return ByteBuffer.wrap(data).position(RtmptReplies.POLLING_BYTE_ROOM);
  }

  private static byte[] remaining(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void countsRequestsPerConnectionAndSaysWhichConnectionsAreNew() {
    assertTrue(repair.arrived("a", 8080));
    assertFalse(repair.arrived("a", 8080));
    assertTrue(repair.arrived("b", 8080));
    assertFalse(repair.arrived("a", 8080), "seen before, though not the last one");

    assertEquals(2, repair.connectionsUsed());
    assertEquals(1, repair.requestsOnLastConnection());
    assertFalse(repair.arrived("a", 8081));
    assertEquals(2, repair.requestsOnLastConnection());
    assertEquals(8081, repair.lastLocalPort());
  }

  @Test
  void forgetsTheOldestConnectionsBeyondItsMemory() {
    for (int i = 0; i <= RequestRepair.REMEMBERED_CONNECTIONS; i++) {
      assertTrue(repair.arrived("c" + i, 80));
    }
    assertTrue(repair.arrived("c0", 80), "the oldest was forgotten");
    assertFalse(repair.arrived("c2", 80));
  }

  @Test
  void afterALossTheLostIdlesZeroIsDroppedAndTheRestFed() {
    Repair repaired = repair.judge(RtmptCommand.SEND, 5, new byte[] {0, 2, 3}, true, true);

    assertEquals(1, repaired.skipBytes());
    assertNull(repaired.resend());
    assertTrue(repaired.reason().contains("stray 0x00"), repaired.reason());
  }

  @Test
  void afterALossALostSendsBodyIsFedWhole() {
    assertSame(Repair.NONE, repair.judge(RtmptCommand.SEND, 5, new byte[] {2, 0}, true, true));
  }

  @Test
  void aSendRepeatingTheLastSendOnANewConnectionIsNotFedAgainAndGetsItsReplyAgain() {
    repair.ran(RtmptCommand.SEND, 4, ascii("ack"));
    ByteBuffer lost = reply("media");
    repair.replied(4, lost);

    Repair repaired = repair.judge(RtmptCommand.SEND, 5, ascii("ackmore"), false, true);

    assertEquals(3, repaired.skipBytes());
    assertSame(lost, repaired.resend());
  }

  @Test
  void aSendOfAZeroAfterAnIdleWhoseReplyWasLostGetsThatReplyAgain() {
    repair.ran(RtmptCommand.IDLE, 4, IDLE);
    repair.replied(4, reply("frame"));

    Repair repaired = repair.judge(RtmptCommand.SEND, 5, IDLE, false, true);

    assertEquals(1, repaired.skipBytes());
    assertArrayEquals(ascii("frame"), remaining(repaired.resend()));
  }

  @Test
  void aRepeatOfARequestThatGotNoReplyIsDroppedButNothingIsResent() {
    repair.replied(3, reply("delivered"));
    repair.ran(RtmptCommand.IDLE, 4, IDLE); // abandoned: never answered

    Repair repaired = repair.judge(RtmptCommand.SEND, 5, IDLE, false, true);

    assertEquals(1, repaired.skipBytes());
    assertNull(repaired.resend(), "reply 3 was delivered: the client asked for 4 after it");
  }

  @Test
  void nothingIsRepairedOnTheSameConnectionOrAfterAGapOrForAnIdleOrOtherBytes() {
    repair.ran(RtmptCommand.SEND, 4, ascii("ack"));
    repair.replied(4, reply("media"));

    assertSame(Repair.NONE, repair.judge(RtmptCommand.SEND, 5, ascii("ack"), false, false));
    assertSame(Repair.NONE, repair.judge(RtmptCommand.SEND, 6, ascii("ack"), false, true));
    assertSame(Repair.NONE, repair.judge(RtmptCommand.IDLE, 5, IDLE, false, true));
    assertSame(Repair.NONE, repair.judge(RtmptCommand.SEND, 5, ascii("acx!"), false, true));
    assertSame(Repair.NONE, repair.judge(RtmptCommand.SEND, 5, ascii("ac"), false, true));
  }
}
