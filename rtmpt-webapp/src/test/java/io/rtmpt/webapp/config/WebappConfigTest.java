package io.rtmpt.webapp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's settings as the web application reads them. */
class WebappConfigTest {
  private static EngineConfig engine(Map<String, String> contextParameters) {
    return WebappConfig.from(new Settings(contextParameters, Map.of(), Map.of())).engine();
  }

  @Test
  void withoutSettingsTheEngineHasItsDefaults() {
    assertEquals(EngineConfig.defaults(), engine(Map.of()));
  }

  @Test
  void livenessWaitNotifyAndTakeoverSettingsReachTheEngine() {
    EngineConfig config =
        engine(
            Map.of(
                "rtmpt.engine.ping-interval-ms", "5000",
                "rtmpt.engine.ping-timeout-ms", "7s",
                "rtmpt.engine.play-wait-ms", "60000",
                "rtmpt.engine.publish-notify", "true",
                "rtmpt.engine.publish-takeover", "off",
                "rtmpt.engine.publish-takeover-quiet-ms", "3000",
                "rtmpt.engine.max-partial-bytes", "20000000"));
    assertEquals(Duration.ofSeconds(5), config.pingInterval());
    assertEquals(Duration.ofSeconds(7), config.pingTimeout());
    assertEquals(Duration.ofMinutes(1), config.playWait());
    assertTrue(config.publishNotify());
    assertFalse(config.publishTakeover());
    assertEquals(Duration.ofSeconds(3), config.publishTakeoverQuiet());
    assertEquals(20_000_000, config.maxPartialBytes());
  }

  @Test
  void aPartialBoundBelowTheMessageSizeIsRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                engine(
                    Map.of(
                        "rtmpt.engine.max-message-bytes", "1048576",
                        "rtmpt.engine.max-partial-bytes", "1000")));
    assertEquals(
        "rtmpt.engine.max-partial-bytes from servlet context init parameter"
            + " rtmpt.engine.max-partial-bytes: '1000' is below the minimum 1048576",
        e.getMessage());
  }

  @Test
  void thePartialBoundIsTwiceTheMessageSizeUnlessSet() {
    EngineConfig config = engine(Map.of("rtmpt.engine.max-message-bytes", "16777215"));
    assertEquals(2L * 16_777_215, config.maxPartialBytes());
  }
}
