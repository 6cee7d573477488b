package io.rtmpt.engine.record;

import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer side of one {@link Recorder}: the files of a recording, one after the other. The first
 * opens at the first audio or video frame (so that the publisher's metadata and sequence headers,
 * which come first, are known); the next at the first keyframe past {@link
 * RecordingConfig#maxDuration()} or {@link RecordingConfig#maxBytes()}, each beginning with the
 * metadata and the sequence headers so that it plays on its own, its timestamps starting at 0.
 * Below the disk-space floor (checked at each file and every second) or after a failed write the
 * recording stops by itself, with a warning. Every closed file is reported to the {@link
 * Recordings}.
 *
 * <p>Not thread-safe: one writer task of the recorder at a time.
 */
final class RecordingFiles {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);
  private static final long DISK_CHECK_NANOS = 1_000_000_000L;
  private static final byte[] ON_META_DATA = {
    2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a'
  };

  private final StreamKey key;
  private final RecordingConfig config;
  private final Recordings owner;
  private final Consumer<String> stoppedItself;
  private FlvWriter file;
  private byte[] metadata;
  private MediaFrame videoHeader;
  private MediaFrame audioHeader;
  private long base;
  private long lastDiskCheck;
  private long openedAtMillis;
  private boolean finished;
  private volatile int files;
  private volatile Path current;
  private volatile long bytes;
  private volatile long durationMillis;

  /**
   * @param stoppedItself told the reason when the recording stops on its own (disk, write error)
   */
  RecordingFiles(
      StreamKey key, RecordingConfig config, Recordings owner, Consumer<String> stoppedItself) {
    this.key = key;
    this.config = config;
    this.owner = owner;
    this.stoppedItself = stoppedItself;
  }

  /** Writes one frame of the stream (or keeps it for the next file, when it is a header). */
  void write(MediaFrame frame) {
    if (finished) {
      return;
    }
    try {
      if (frame.kind() == MediaFrame.Kind.DATA && isMetadata(frame.payload())) {
        metadata = frame.payload();
      } else if (frame.sequenceHeader() && frame.kind() == MediaFrame.Kind.VIDEO) {
        videoHeader = frame;
      } else if (frame.sequenceHeader()) {
        audioHeader = frame;
      } else if (file == null) {
        open(frame);
      } else if (dueForRotation(frame)) {
        close("rotated");
        open(frame);
      }
      if (file != null) {
        file.write(frame, Math.max(0, frame.timestamp() - base));
        bytes = file.bytes();
        durationMillis = file.durationMillis();
        checkDisk();
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("recording {}: write failed, recording stopped: {}", key, e.toString());
      stop("write failed: " + e.getMessage());
    }
  }

  private boolean dueForRotation(MediaFrame frame) {
    if (frame.kind() != MediaFrame.Kind.VIDEO || !frame.keyframe()) {
      return false;
    }
    long maxMillis = config.maxDuration().toMillis();
    return (maxMillis > 0 && frame.timestamp() - base >= maxMillis)
        || (config.maxBytes() > 0 && file.bytes() >= config.maxBytes());
  }

  /** Opens the next file ({@code <app>-<name>-<time>.flv}), unless the disk is too full. */
  private void open(MediaFrame first) throws IOException {
    Path directory = config.directory();
    Files.createDirectories(directory);
    if (belowFloor(directory)) {
      return;
    }
    String name =
        RecordFileNames.sanitise(key.app()) + "-" + RecordFileNames.of(key.name(), Instant.now());
    for (int attempt = 0; file == null; attempt++) {
      Path path = directory.resolve(name + (attempt == 0 ? "" : "-" + attempt) + ".flv");
      try {
        file = FlvWriter.create(path, metadata);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
    base = first.timestamp();
    openedAtMillis = System.currentTimeMillis();
    files++;
    current = file.path();
    lastDiskCheck = System.nanoTime();
    LOG.info("recording {} to {}", key, file.path());
    for (MediaFrame header : new MediaFrame[] {videoHeader, audioHeader}) {
      if (header != null) {
        file.write(header, 0);
      }
    }
  }

  private void checkDisk() throws IOException {
    long now = System.nanoTime();
    if (now - lastDiskCheck >= DISK_CHECK_NANOS) {
      lastDiskCheck = now;
      belowFloor(file.path().getParent());
    }
  }

  /** True (and the recording stopped) when the file system has less than the floor left. */
  private boolean belowFloor(Path directory) throws IOException {
    long usable = Files.getFileStore(directory).getUsableSpace();
    if (usable >= config.minFreeBytes()) {
      return false;
    }
    String warning =
        "Recording of "
            + key
            + " stopped: "
            + usable / (1024 * 1024)
            + " MiB free on the disk of "
            + config.directory()
            + ", below the floor of "
            + config.minFreeBytes() / (1024 * 1024)
            + " MiB";
    LOG.warn(warning);
    owner.warn(warning);
    stop("disk space below floor");
    return true;
  }

  private void stop(String reason) {
    finish(reason);
    stoppedItself.accept(reason);
  }

  /** Closes the current file for good; nothing is written after. */
  void finish(String reason) {
    if (!finished) {
      finished = true;
      close(reason);
    }
  }

  private void close(String reason) {
    FlvWriter closing = file;
    file = null;
    if (closing == null) {
      return;
    }
    try {
      closing.close();
    } catch (IOException e) {
      LOG.error("recording {}: closing {} failed: {}", key, closing.path(), e.toString());
    }
    LOG.info(
        "recording {}: closed {} ({} ms, {} bytes, {})",
        key,
        closing.path(),
        closing.durationMillis(),
        closing.bytes(),
        reason);
    owner.done(
        new RecordedFile(
            closing.path(),
            key,
            closing.durationMillis(),
            closing.bytes(),
            openedAtMillis,
            reason));
  }

  private static boolean isMetadata(byte[] payload) {
    if (payload.length < ON_META_DATA.length) {
      return false;
    }
    for (int i = 0; i < ON_META_DATA.length; i++) {
      if (payload[i] != ON_META_DATA[i]) {
        return false;
      }
    }
    return true;
  }

  /** The file being written, or null. */
  Path current() {
    return current;
  }

  /** Bytes in the current file. */
  long bytes() {
    return bytes;
  }

  /** Media time in the current file, in ms. */
  long durationMillis() {
    return durationMillis;
  }

  /** Files opened so far. */
  int files() {
    return files;
  }
}
