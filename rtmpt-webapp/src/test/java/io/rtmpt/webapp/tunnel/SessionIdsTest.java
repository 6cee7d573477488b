package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
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

  @Test
  void withANodeIdEveryIdStartsWithItThenAnUpperCaseLetter() {
    SessionIds ids = new SessionIds("gw1");
    Set<Character> first = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String id = ids.next();
      assertTrue(id.matches("gw1[A-Z][A-Za-z0-9]{23}"), id);
      assertTrue(RtmptPath.isSessionId(id), id);
      first.add(id.charAt(3));
    }
    // Every upper-case letter comes up, so the first random character is not fixed.
    assertEquals(26, first.size());
    // log2(26) for the upper-case letter, log2(62) for each of the other 23.
    assertTrue(Math.log(26) / Math.log(2) + 23 * Math.log(62) / Math.log(2) >= 128);
  }

  @Test
  void aBalancerMatchingOneNodesPrefixNeverMatchesAnotherNodesIds() {
    // HAProxy and nginx in docker/ route by ^/(send|idle|close)/NODE[A-Z].
    Pattern gw1 = Pattern.compile("^/idle/gw1[A-Z]");
    SessionIds gw10 = new SessionIds("gw10");
    SessionIds gw1ids = new SessionIds("gw1");
    for (int i = 0; i < 1_000; i++) {
      assertFalse(gw1.matcher("/idle/" + gw10.next() + "/1").find());
      assertTrue(gw1.matcher("/idle/" + gw1ids.next() + "/1").find());
    }
  }

  @Test
  void theLongestIdWithItsNewlineFitsFfmpegs64ByteBuffer() {
    String id = new SessionIds("a".repeat(SessionIds.MAX_NODE_ID_LENGTH)).next();

    assertEquals(40, id.length());
    assertTrue((id + "\n").getBytes(StandardCharsets.US_ASCII).length < 64);
  }

  @Test
  void aNodeIdThatIsNotLowerCaseLettersAndDigitsIsRefused() {
    for (String bad : new String[] {"Gw1", "gw-1", "gw 1", "a".repeat(17)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new SessionIds(bad));
      assertEquals("node id '" + bad + "' is not 1 to 16 of [a-z0-9]", e.getMessage());
    }
  }
}
