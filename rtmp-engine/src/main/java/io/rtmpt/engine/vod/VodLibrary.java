package io.rtmpt.engine.vod;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The engine's on-demand media: which application plays files from which {@link MediaDirectory},
 * and the one scheduler every {@link VodPlayer} of the engine runs on (opening files, reading and
 * pacing samples; {@link #SCHEDULER_THREADS} daemon threads, made on first use). Thread-safe.
 */
public final class VodLibrary implements AutoCloseable {
  /** A library that serves no application. */
  public static final VodLibrary NONE = new VodLibrary(Map.of());

  /**
   * Threads of the scheduler: file reads are short; two keep one slow disk read from stalling all.
   */
  public static final int SCHEDULER_THREADS = 2;

  private final Map<String, MediaDirectory> directories;
  private ScheduledThreadPoolExecutor scheduler;

  /** A library serving each application of the map from its directory. */
  public VodLibrary(Map<String, Path> directories) {
    Map<String, MediaDirectory> map = new LinkedHashMap<>();
    directories.forEach(
        (app, dir) -> map.put(Objects.requireNonNull(app), new MediaDirectory(dir)));
    this.directories = Map.copyOf(map);
  }

  /** True when plays in {@code app} are of files, not of live streams. */
  public boolean serves(String app) {
    return app != null && directories.containsKey(app);
  }

  /** The applications served and their directories. */
  public Map<String, MediaDirectory> directories() {
    return directories;
  }

  /**
   * The file {@code name} stands for in {@code app} (see {@link MediaDirectory#resolve}).
   *
   * @throws FileNotFoundException the name is refused or there is no such file
   */
  public Path resolve(String app, String name) throws FileNotFoundException {
    MediaDirectory directory = directories.get(app);
    if (directory == null) {
      throw new FileNotFoundException("application " + app + " plays no files");
    }
    return directory.resolve(name);
  }

  /**
   * The duration of a file in ms, for getStreamLength (the file is indexed and closed again).
   *
   * @throws IOException the file cannot be read
   */
  public long durationMillis(Path file) throws IOException {
    try (MediaSource source = MediaSource.open(file)) {
      return source.durationMillis();
    }
  }

  /**
   * Indexes {@code file} on the scheduler and hands its duration in ms to {@code then} there (-1
   * when it cannot be read): for getStreamLength, without file I/O on a transport thread.
   */
  public void durationLater(Path file, LongConsumer then) {
    scheduler()
        .execute(
            () -> {
              long millis;
              try {
                millis = durationMillis(file);
              } catch (IOException | RuntimeException e) {
                millis = -1;
              }
              then.accept(millis);
            });
  }

  /**
   * A player of {@code file} for {@code sink}, not started yet.
   *
   * @param startMillis the position to start at (0 or more)
   * @param maxQueuedBytes unsent bytes above which the player waits for the client
   */
  public VodPlayer player(Path file, VodSink sink, long startMillis, long maxQueuedBytes) {
    return new VodPlayer(file, sink, scheduler(), startMillis, maxQueuedBytes, System::nanoTime);
  }

  private synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      AtomicInteger n = new AtomicInteger();
      scheduler =
          new ScheduledThreadPoolExecutor(
              SCHEDULER_THREADS,
              r -> {
                Thread t = new Thread(r, "rtmp-vod-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      scheduler.setRemoveOnCancelPolicy(true);
    }
    return scheduler;
  }

  /** Stops the scheduler (players stop with their sessions). */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
