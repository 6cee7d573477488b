package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedOptionsTest {

  @Test
  void theNodeIdComesFromTheFlagOrTheEnvironmentAndIsUnsetByDefault() {
    assertNull(EmbeddedOptions.parse(new String[0], Map.of()).nodeId());
    assertEquals(
        "gw1", EmbeddedOptions.parse(new String[] {"--node-id", "gw1"}, Map.of()).nodeId());
    assertEquals(
        "gw2", EmbeddedOptions.parse(new String[0], Map.of("RTMPT_NODE_ID", "gw2")).nodeId());
    assertEquals(
        "gw1",
        EmbeddedOptions.parse(new String[] {"--node-id=gw1"}, Map.of("RTMPT_NODE_ID", "gw2"))
            .nodeId());
  }

  @Test
  void aNodeIdThatIsNotLowerCaseLettersAndDigitsIsRefusedNamingTheFlag() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedOptions.parse(new String[] {"--node-id", "GW-1"}, Map.of()));
    assertEquals("--node-id 'GW-1' is not 1 to 16 lower-case letters and digits", e.getMessage());
  }

  @Test
  void helpListsTheNodeIdWithItsVariable() {
    String usage = EmbeddedOptions.usage();
    assertTrue(usage.contains("  --node-id ID "), usage);
    assertTrue(usage.contains("[RTMPT_NODE_ID]"), usage);
  }

  @Test
  void theDrainGraceComesFromTheFlagOrTheEnvironmentInTheSettingsForm() {
    assertNull(
        EmbeddedOptions.parse(new String[0], Map.of()).drainGrace(), "the setting's default");
    assertEquals(
        "30s",
        EmbeddedOptions.parse(new String[] {"--drain-grace-ms", "30s"}, Map.of()).drainGrace());
    assertEquals(
        "5000",
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_DRAIN_GRACE_MS", "5000")).drainGrace());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedOptions.parse(new String[] {"--drain-grace-ms", "soon"}, Map.of()));
    assertEquals(
        "--drain-grace-ms 'soon' is not a duration (milliseconds, or 30s, 2m)", e.getMessage());
    assertTrue(EmbeddedOptions.usage().contains("[RTMPT_DRAIN_GRACE_MS]"));
  }
}
