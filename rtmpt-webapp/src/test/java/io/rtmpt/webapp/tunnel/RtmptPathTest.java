package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtmptPathTest {

  private static final String ID = "Ab3dEf6hIj9kLm2nOp5qRs8t";

  @Test
  void identAndOpenHaveNoSessionAndNoSequence() {
    assertEquals(
        Optional.of(new RtmptPath(RtmptCommand.IDENT, null, RtmptPath.NO_SEQUENCE)),
        RtmptPath.parse("/fcs", "/ident2"));
    assertEquals(
        Optional.of(new RtmptPath(RtmptCommand.OPEN, null, RtmptPath.NO_SEQUENCE)),
        RtmptPath.parse("/open", "/1"));
  }

  @Test
  void sendIdleAndCloseCarrySessionAndSequence() {
    assertEquals(
        Optional.of(new RtmptPath(RtmptCommand.SEND, ID, 0)),
        RtmptPath.parse("/send", "/" + ID + "/0"));
    assertEquals(
        Optional.of(new RtmptPath(RtmptCommand.IDLE, ID, 17)),
        RtmptPath.parse("/idle", "/" + ID + "/17"));
    assertEquals(
        Optional.of(new RtmptPath(RtmptCommand.CLOSE, ID, 99)),
        RtmptPath.parse("/close", "/" + ID + "/99"));
  }

  @Test
  void closeWithoutSequenceIsHaishinKitsClose() {
    RtmptPath path = RtmptPath.parse("/close", "/" + ID).orElseThrow();

    assertEquals(RtmptCommand.CLOSE, path.command());
    assertEquals(ID, path.sessionId());
    assertFalse(path.hasSequence());
  }

  @Test
  void theSplitBetweenServletPathAndPathInfoDoesNotMatter() {
    RtmptPath expected = new RtmptPath(RtmptCommand.IDLE, ID, 3);

    assertEquals(Optional.of(expected), RtmptPath.parse("", "/idle/" + ID + "/3"));
    assertEquals(Optional.of(expected), RtmptPath.parse("/idle/" + ID + "/3", null));
    assertEquals(Optional.of(expected), RtmptPath.parse("/idle", "/" + ID + "/3"));
  }

  @Test
  void largeSequenceNumbersParse() {
    assertTrue(RtmptPath.parse("/send", "/" + ID + "/999999999999999999").isPresent());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/open",
        "/open/",
        "/open/2",
        "/open/1/",
        "/fcs/ident",
        "/fcs/ident2/x",
        "/fcs",
        "/send/abc",
        "/send/abc/",
        "/send//1",
        "/send/abc/-1",
        "/send/abc/1x",
        "/send/abc/1/2",
        "/send/ab-c/1",
        "/send/ab%20c/1",
        "/idle/abc",
        "/close/",
        "/close/abc/",
        "/close/ab.c",
        "/poll/abc/1",
        "/SEND/abc/1",
        "/send/abc/1234567890123456789",
        "/send/0123456789012345678901234567890123456789012345678901234567890123/1"
      })
  void anythingElseIsNotAnRtmptPath(String path) {
    assertEquals(Optional.empty(), RtmptPath.parse(path, null));
  }

  @Test
  void sessionIdsUpToSixtyThreeCharactersAreAccepted() {
    String longest = "a".repeat(RtmptPath.MAX_SESSION_ID_LENGTH);

    assertTrue(RtmptPath.parse("/idle/" + longest + "/0", null).isPresent());
    assertFalse(RtmptPath.parse("/idle/" + longest + "a/0", null).isPresent());
  }
}
