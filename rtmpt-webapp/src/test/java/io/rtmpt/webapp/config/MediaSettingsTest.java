package io.rtmpt.webapp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.record.RecordingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {
  private static Settings context(Map<String, String> parameters) {
    return new Settings(parameters, Map.of(), Map.of());
  }

  @Test
  void nothingIsPlayedOrRecordedByDefault() {
    Settings none = context(Map.of());
    assertEquals(Map.of(), MediaSettings.vodDirectories(none));
    assertFalse(MediaSettings.recording(none).enabled());
    assertFalse(MediaSettings.recording(context(Map.of("rtmpt.record-dir", "/r"))).remuxToMp4());
  }

  @Test
  void theVodDirectoryServesVodAndTheRecordDirectoryServesRecordings() {
    Settings s =
        context(
            Map.of(
                "rtmpt.vod-dir",
                "/srv/media",
                "rtmpt.record-dir",
                "/srv/rec",
                "rtmpt.vod-apps",
                "talks=/srv/talks, old = /srv/old",
                "rtmpt.record-apps",
                "live, studio",
                "rtmpt.record.max-duration-ms",
                "30m",
                "rtmpt.record.max-bytes",
                "1000000",
                "rtmpt.record.min-free-bytes",
                "0",
                "rtmpt.record.mp4",
                "true"));
    assertEquals(
        Map.of(
            "vod", Path.of("/srv/media"),
            "recordings", Path.of("/srv/rec"),
            "talks", Path.of("/srv/talks"),
            "old", Path.of("/srv/old")),
        MediaSettings.vodDirectories(s));
    RecordingConfig recording = MediaSettings.recording(s);
    assertTrue(recording.enabled());
    assertEquals(Path.of("/srv/rec"), recording.directory());
    assertEquals(Set.of("live", "studio"), recording.apps());
    assertEquals(Duration.ofMinutes(30), recording.maxDuration());
    assertEquals(1_000_000, recording.maxBytes());
    assertEquals(0, recording.minFreeBytes());
    assertTrue(recording.remuxToMp4());
  }

  @Test
  void aBadVodAppsEntryIsRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MediaSettings.vodDirectories(context(Map.of("rtmpt.vod-apps", "talks"))));
    assertEquals(
        "rtmpt.vod-apps from servlet context init parameter rtmpt.vod-apps: 'talks' is not"
            + " app=DIR",
        e.getMessage());
  }
}
