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
  void theMediaDirectoriesComeFromFlagsOrTheEnvironmentAndAreUnsetByDefault() {
    EmbeddedOptions none = EmbeddedOptions.parse(new String[0], Map.of());
    assertNull(none.vodDir());
    assertNull(none.recordDir());
    EmbeddedOptions flags =
        EmbeddedOptions.parse(
            new String[] {"--vod-dir", "/srv/media", "--record-dir=/srv/rec"},
            Map.of("RTMPT_VOD_DIR", "/elsewhere"));
    assertEquals("/srv/media", flags.vodDir());
    assertEquals("/srv/rec", flags.recordDir());
    assertEquals(
        "/env/rec",
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_RECORD_DIR", "/env/rec")).recordDir());
    String usage = EmbeddedOptions.usage();
    assertTrue(usage.contains("  --vod-dir DIR "), usage);
    assertTrue(usage.contains("[RTMPT_RECORD_DIR]"), usage);
  }
}
