package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx-rtmp's {@code on_record_done} through the access control's callback client (issues 14 and
 * 10): ffmpeg publishes a recorded stream for 3 s; when the recording closes the application's
 * callback receives the file's path, the stream and the duration, and the file is there.
 */
class RecordDoneCallbackTest {
  private static final Path LOGS = Path.of("target", "interop", "RecordDoneCallbackTest");

  @TempDir Path recordings;

  @Test
  void aClosedRecordingIsPostedToTheApplicationsCallback() throws Exception {
    Interop.requireTool("ffmpeg");
    int rtmpPort = Ports.freePort();
    try (AuthBackend backend = new AuthBackend();
        EmbeddedWebapp webapp =
            EmbeddedWebapp.start(
                Map.of(
                    "rtmpt.rtmp-host", "127.0.0.1",
                    "rtmpt.rtmp-port", String.valueOf(rtmpPort),
                    "rtmpt.record-dir", recordings.toString(),
                    "rtmpt.record-apps", "live",
                    "rtmpt.access.live.on-record-done", backend.url("on_record_done")))) {
      String url = "rtmp://127.0.0.1:" + rtmpPort + "/live/rec";
      try (ExternalProcess publisher =
          ExternalProcess.start("publish-recorded", LOGS, Ffmpeg.publish(url, 3))) {
        assertEquals(0, publisher.waitFor(Duration.ofSeconds(60)), publisher.tail());
      }
      Map<String, String> done = backend.next("record_done", Duration.ofSeconds(30));
      assertEquals("/on_record_done", done.get("(path)"));
      assertEquals("live", done.get("app"));
      assertEquals("rec", done.get("name"));
      assertEquals("default", done.get("recorder"));
      Path file = Path.of(done.get("path"));
      assertTrue(file.startsWith(recordings.toAbsolutePath()), done.toString());
      assertTrue(Files.isRegularFile(file), done.toString());
      assertEquals(String.valueOf(Files.size(file)), done.get("bytes"), done.toString());
      double seconds = Double.parseDouble(done.get("duration"));
      assertTrue(seconds >= 2 && seconds <= 4.5, "duration of a 3 s publish: " + seconds);
    }
  }
}
