package io.rtmpt.webapp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The checks the deployment tests share, with ffmpeg as publisher and players: a live publisher of
 * the generated H.264/AAC test stream, 5 s recordings that must probe as what was published, and
 * long players that must decode throughout.
 */
public final class LiveChecks {
  /** Seconds a recording lasts. */
  public static final int RECORD_SECONDS = 5;

  /** How long a long player plays: over a minute, far more requests than Tomcat's default 100. */
  public static final int LONG_PLAY_SECONDS = 65;

  private LiveChecks() {}

  /** At least 90 % of the frames of {@code seconds} at {@link Ffmpeg#FPS}. */
  public static int minFrames(int seconds) {
    return (int) Math.ceil(0.9 * seconds * Ffmpeg.FPS);
  }

  /** ffmpeg publishing the test stream to {@code url} until stopped; returns once it is live. */
  public static ExternalProcess startPublisher(String name, Path logs, String url)
      throws IOException, InterruptedException {
    ExternalProcess publisher = ExternalProcess.start(name, logs, Ffmpeg.publish(url, 0));
    try {
      // ffmpeg writes to the server as it encodes (one /send per 10 packets, each answered
      // before the next): 50 frames encoded means two seconds of stream accepted.
      Await.until(
          name + " has published 50 frames",
          Duration.ofSeconds(60),
          () -> Ffmpeg.lastFrameCount(publisher.stderr()) >= 50,
          publisher::isAlive,
          publisher::tail);
    } catch (AssertionError | RuntimeException e) {
      publisher.close();
      throw e;
    }
    return publisher;
  }

  /** A recording of {@link #RECORD_SECONDS} of {@code url} into {@code NAME.flv}, running. */
  public static final class Recording implements AutoCloseable {
    private final ExternalProcess process;
    private final Path flv;
    private final Path logs;

    private Recording(ExternalProcess process, Path flv, Path logs) {
      this.process = process;
      this.flv = flv;
      this.logs = logs;
    }

    public static Recording start(String name, Path logs, String url) throws IOException {
      return start(name, logs, url, RECORD_SECONDS);
    }

    /**
     * A recording of {@code seconds} (at least {@link #RECORD_SECONDS}), checked for the frames of
     * {@link #RECORD_SECONDS}: for streams played from an origin without a GOP cache (nginx-rtmp),
     * where a player starts at the next key frame, up to one GOP (1 s) after it joined.
     */
    public static Recording start(String name, Path logs, String url, int seconds)
        throws IOException {
      if (seconds < RECORD_SECONDS) {
        throw new IllegalArgumentException("a recording lasts at least " + RECORD_SECONDS + " s");
      }
      Path flv = logs.resolve(name + ".flv");
      return new Recording(
          ExternalProcess.start(name, logs, Ffmpeg.record(url, seconds, flv)), flv, logs);
    }

    /** Waits for it and checks the file: H.264 320x240, AAC, >= 90 % of the frames. */
    public void assertPlayedBackAsPublished() throws IOException, InterruptedException {
      assertEquals(0, process.waitFor(Duration.ofSeconds(60)), process + ":\n" + process.tail());
      Probe probe = Ffmpeg.probe(flv, logs);
      String what = process + " recorded " + flv.getFileName() + ": " + probe;
      assertEquals("h264", probe.videoCodec(), what);
      assertEquals(Ffmpeg.WIDTH, probe.width(), what);
      assertEquals(Ffmpeg.HEIGHT, probe.height(), what);
      assertEquals("aac", probe.audioCodec(), what);
      assertTrue(
          probe.videoFrames() >= minFrames(RECORD_SECONDS),
          what + ": want >= " + minFrames(RECORD_SECONDS) + " video frames");
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** An ffmpeg player decoding {@code url} to nothing for a given time, running. */
  public static final class Player implements AutoCloseable {
    private final ExternalProcess process;
    private final int seconds;
    private final long startNanos;

    private Player(ExternalProcess process, int seconds, long startNanos) {
      this.process = process;
      this.seconds = seconds;
      this.startNanos = startNanos;
    }

    public static Player start(String name, Path logs, String url, int seconds) throws IOException {
      long start = System.nanoTime();
      return new Player(
          ExternalProcess.start(name, logs, Ffmpeg.decode(url, seconds)), seconds, start);
    }

    /** Frames decoded so far, as its last progress line says. */
    public int framesSoFar() throws IOException {
      return Ffmpeg.lastFrameCount(process.stderr());
    }

    public boolean isRunning() {
      return process.isAlive();
    }

    /** The end of its log, for failure messages. */
    public String tail() {
      return process.tail();
    }

    /** What it did: exit code, time it ran, frames decoded, decoding errors reported. */
    public record Outcome(
        String player,
        int exitCode,
        Duration ran,
        int frames,
        List<String> decodeErrors,
        String tail) {
      @Override
      public String toString() {
        return player
            + ": exit "
            + exitCode
            + " after "
            + ran.toMillis()
            + " ms, "
            + frames
            + " frames, "
            + decodeErrors.size()
            + " decoding errors";
      }
    }

    /** Waits for it to end on its own (it fails the test if still running long after). */
    public Outcome await() throws IOException, InterruptedException {
      int exit = process.waitFor(Duration.ofSeconds(seconds + 60L));
      Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
      String log = process.stderr();
      return new Outcome(
          process.toString(),
          exit,
          ran,
          Ffmpeg.lastFrameCount(log),
          Ffmpeg.decodeErrors(log),
          process.tail());
    }

    /**
     * Waits for it and checks that it played throughout: exit 0, ran at least {@code seconds} - 5
     * s, decoded >= 90 % of {@code seconds} at 25 fps, no decoding errors.
     */
    public Outcome assertPlayedThroughout() throws IOException, InterruptedException {
      Outcome outcome = await();
      assertEquals(0, outcome.exitCode(), outcome + "\n" + outcome.tail());
      assertEquals(List.of(), outcome.decodeErrors(), outcome + ": decoding errors");
      assertTrue(
          outcome.frames() >= minFrames(seconds),
          outcome + ": want >= " + minFrames(seconds) + " frames\n" + outcome.tail());
      assertTrue(
          outcome.ran().compareTo(Duration.ofSeconds(seconds - 5L)) >= 0,
          outcome + ": want it connected for >= " + (seconds - 5) + " s");
      return outcome;
    }

    public int seconds() {
      return seconds;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
