package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Value assertions that see what plain equals does not: member order and Java number types. */
final class AmfAssertions {
  private AmfAssertions() {}

  /**
   * Asserts equal graphs (cycles included, byte[] by content) and equal renderings, which also
   * compares member order and tells 1 (Integer) from 1.0 (Double).
   */
  static void assertAmfEquals(Object expected, Object actual) {
    String expectedText = AmfGraph.render(expected);
    String actualText = AmfGraph.render(actual);
    assertEquals(expectedText, actualText);
    assertTrue(AmfGraph.equal(expected, actual), () -> "not equal: " + expectedText);
  }
}
