package io.rtmpt.engine.record;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies closed recordings into MP4 files with ffmpeg ({@code ffmpeg -i X.flv -c copy -movflags
 * +faststart X.mp4}: no re-encoding, the {@code moov} box first so the file plays while it
 * downloads). Not a hand-written muxer: the ffmpeg on the PATH does it, one file at a time on a
 * thread of its own, so a long remux delays no recording. The FLV stays (it is the crash-safe
 * original); a failed remux is logged and its partial MP4 removed.
 */
final class Mp4Remuxer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mp4Remuxer.class);

  /** Longest a remux may take before ffmpeg is killed. */
  static final long TIMEOUT_MINUTES = 30;

  private final Path ffmpeg;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "rtmp-record-mp4");
            t.setDaemon(true);
            return t;
          });

  Mp4Remuxer(Path ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** The ffmpeg executable on the PATH, if there is one. */
  static Optional<Path> findFfmpeg() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ffmpeg");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Queues the copy of {@code flv}; {@code then} gets the MP4 once it is complete. */
  void remux(RecordedFile flv, Consumer<RecordedFile> then) {
    thread.execute(() -> run(flv, then));
  }

  private void run(RecordedFile flv, Consumer<RecordedFile> then) {
    String name = flv.path().getFileName().toString();
    Path mp4 = flv.path().resolveSibling(name.replaceFirst("\\.flv$", "") + ".mp4");
    List<String> command =
        List.of(
            ffmpeg.toString(),
            "-nostdin",
            "-loglevel",
            "error",
            "-n",
            "-i",
            flv.path().toString(),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            mp4.toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("ffmpeg still running after " + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException("ffmpeg exit " + process.exitValue() + ": " + output.trim());
      }
      LOG.info("recording {} copied to {}", flv.path(), mp4);
      then.accept(
          new RecordedFile(
              mp4,
              flv.key(),
              flv.durationMillis(),
              Files.size(mp4),
              flv.startedAtMillis(),
              "remuxed to MP4"));
    } catch (IOException e) {
      LOG.warn("recording {} not copied to MP4: {}", flv.path(), e.getMessage());
      deleteQuietly(mp4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(mp4);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }

  /** Lets queued copies finish; takes no more. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
