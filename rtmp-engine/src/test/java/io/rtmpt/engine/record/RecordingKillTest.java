package io.rtmpt.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A recording cut short by SIGKILL of the server's JVM (no shutdown hook, no close, no duration
 * written into the metadata) is still a file ffmpeg reads and decodes without errors, up to the
 * kill: each tag reached the operating system in one write as it arrived.
 */
class RecordingKillTest {
  private static final Path LOGS = Path.of("target", "interop", "RecordingKillTest");

  @Test
  void aRecordingOfAKilledServerPlaysUpToTheKill() throws Exception {
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    Path records = Files.createDirectories(LOGS.resolve("records"));
    try (Stream<Path> old = Files.walk(records)) {
      for (Path p : old.filter(Files::isRegularFile).toList()) {
        Files.delete(p);
      }
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            RecordingServerMain.class.getName(),
            records.toString());
    try (ExternalProcess server = ExternalProcess.start("server", LOGS, command)) {
      int port = awaitPort(server);
      String url = "rtmp://127.0.0.1:" + port + "/live/killed";
      try (ExternalProcess publisher =
          ExternalProcess.start("publisher", LOGS, Ffmpeg.publish(url, 0))) {
        Path file = awaitRecording(records, server, publisher);
        server.close(); // SIGKILL (destroyForcibly) of the server's JVM
        assertTrue(!server.isAlive(), "the server is gone");
        Object duration = RecordingsTest.firstMetadata(file).get("duration");
        assertEquals(0.0, duration, "never closed: the duration placeholder is still 0");
        publisher.stop(Duration.ofSeconds(3));
        assertPlayable(file);
      }
    }
  }

  private static int awaitPort(ExternalProcess server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : server.stdout().split("\n")) {
        if (line.startsWith("PORT ")) {
          return Integer.parseInt(line.substring(5).trim());
        }
      }
      if (!server.isAlive()) {
        throw new AssertionError("the server exited:\n" + server.tail());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not listen within 30 s:\n" + server.tail());
  }

  /** Waits until the recording holds about 4 s of media (200 KB at the test stream's rate). */
  private static Path awaitRecording(
      Path records, ExternalProcess server, ExternalProcess publisher) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> file;
      try (Stream<Path> files = Files.walk(records)) {
        file = files.filter(p -> p.toString().endsWith(".flv")).findFirst();
      }
      if (file.isPresent() && Files.size(file.get()) > 200_000) {
        return file.get();
      }
      if (!server.isAlive() || !publisher.isAlive()) {
        throw new AssertionError(
            "server or publisher exited:\n" + server.tail() + publisher.tail());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no recording grew within 40 s:\n" + server.tail());
  }

  private static void assertPlayable(Path file) throws Exception {
    Probe probe = Ffmpeg.probe(file, LOGS);
    assertEquals("h264", probe.videoCodec());
    assertEquals("aac", probe.audioCodec());
    assertEquals(Ffmpeg.WIDTH, probe.width());
    assertTrue(
        probe.videoFrames() >= 2 * Ffmpeg.FPS, "frames up to the kill: " + probe.videoFrames());
    try (ExternalProcess decode = ExternalProcess.start("decode", LOGS, Ffmpeg.decodeFile(file))) {
      assertEquals(0, decode.waitFor(Duration.ofSeconds(60)), decode.tail());
      assertEquals(List.of(), Ffmpeg.decodeErrors(decode.stderr()), "decoding errors");
      int decoded = Ffmpeg.lastFrameCount(decode.stderr());
      assertEquals(probe.videoFrames(), decoded, "every frame decodes");
    }
  }
}
