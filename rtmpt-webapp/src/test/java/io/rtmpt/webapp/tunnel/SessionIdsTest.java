package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  @Test
  void idsAreTwentyFourAlphanumericCharactersWithAtLeast128Bits() {
    String id = new SessionIds().next();

    assertEquals(24, id.length());
    assertTrue(id.matches("[A-Za-z0-9]{24}"), id);
    assertTrue(SessionIds.LENGTH * Math.log(62) / Math.log(2) >= 128);
    assertTrue(RtmptPath.isSessionId(id));
  }

  @Test
  void idsDoNotRepeatAndUseTheWholeAlphabet() {
    SessionIds ids = new SessionIds();
    Set<String> seen = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      assertTrue(seen.add(id), "repeated id " + id);
      for (char c : id.toCharArray()) {
        characters.add(c);
      }
    }

    assertEquals(62, characters.size());
  }
}
