package io.rtmpt.engine.record;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.StreamRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's recordings: starts a {@link Recorder} when a publish of a recorded application
 * starts ({@link RecordingConfig#apps()}) or when an operator asks ({@link #start}), stops it when
 * the publish ends or the operator asks, and tells the {@link RecordDoneListener} about every file
 * closed (and, with {@link RecordingConfig#remuxToMp4()}, about its MP4 copy once made). Recorders
 * write on {@link #WRITER_THREADS} daemon threads of their own, made on first use. Thread-safe.
 */
public final class Recordings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

  /** Writer threads shared by all recordings; each recording writes on one at a time. */
  public static final int WRITER_THREADS = 2;

  /** What became of a start request. */
  public enum Start {
    STARTED,
    ALREADY_RECORDING,
    NOT_PUBLISHED,
    DISABLED
  }

  private final RecordingConfig config;
  private final StreamRegistry streams;
  private final ConcurrentHashMap<StreamKey, Recorder> active = new ConcurrentHashMap<>();
  private volatile RecordDoneListener doneListener = RecordDoneListener.NONE;
  private volatile String lastWarning;
  private ExecutorService writers;
  private final Mp4Remuxer remuxer;

  public Recordings(RecordingConfig config, StreamRegistry streams) {
    this.config = Objects.requireNonNull(config, "config");
    this.streams = Objects.requireNonNull(streams, "streams");
    Mp4Remuxer mp4 = null;
    if (config.enabled() && config.remuxToMp4()) {
      mp4 = Mp4Remuxer.findFfmpeg().map(Mp4Remuxer::new).orElse(null);
      if (mp4 == null) {
        LOG.warn("MP4 copies of recordings are asked for, but ffmpeg is not on the PATH");
      }
    }
    this.remuxer = mp4;
  }

  public RecordingConfig config() {
    return config;
  }

  /** Where closed files are reported from now on (the on_record_done hook). */
  public void onRecordDone(RecordDoneListener listener) {
    doneListener = Objects.requireNonNull(listener, "listener");
  }

  /** A publish started: recorded when its application records every publish. */
  public void publishStarted(StreamKey key) {
    if (config.enabled() && config.apps().contains(key.app())) {
      start(key);
    }
  }

  /** A publish ended: its recording, if any, is finished. */
  public void publishStopped(StreamKey key) {
    stop(key, "publish ended");
  }

  /**
   * Starts recording a live stream (operator action, or a recorded application's publish). The
   * recorder subscribes like a player: it starts with the stream's metadata, sequence headers and
   * current group of pictures.
   */
  public Start start(StreamKey key) {
    if (!config.enabled()) {
      return Start.DISABLED;
    }
    LiveStream stream = streams.get(key);
    if (stream == null || stream.publisher() == null) {
      return Start.NOT_PUBLISHED;
    }
    Recorder recorder = new Recorder(key, config, writers(), this);
    if (active.putIfAbsent(key, recorder) != null) {
      return Start.ALREADY_RECORDING;
    }
    recorder.subscribed(streams.subscribe(key, recorder));
    if (recorder.live().publisher() == null) { // the publisher left meanwhile
      stop(key, "publish ended");
      return Start.NOT_PUBLISHED;
    }
    lastWarning = null;
    LOG.info("recording {} started", key);
    return Start.STARTED;
  }

  /** Stops recording a stream (operator action); false when it is not being recorded. */
  public boolean stop(StreamKey key) {
    return stop(key, "stopped by operator");
  }

  private boolean stop(StreamKey key, String reason) {
    Recorder recorder = active.remove(key);
    if (recorder == null) {
      return false;
    }
    streams.unsubscribe(recorder.live(), recorder);
    recorder.stop(reason);
    return true;
  }

  /** A recorder stopped on its own (disk floor, write error): it leaves the stream. */
  void stoppedItself(Recorder recorder, String reason) {
    if (active.remove(recorder.key(), recorder)) {
      streams.unsubscribe(recorder.live(), recorder);
      LOG.info("recording {} ended: {}", recorder.key(), reason);
    }
  }

  void warn(String warning) {
    lastWarning = warning;
  }

  void done(RecordedFile file) {
    report(file);
    if (remuxer != null && file.durationMillis() > 0) {
      remuxer.remux(file, this::report);
    }
  }

  private void report(RecordedFile file) {
    try {
      doneListener.recordDone(file);
    } catch (RuntimeException e) {
      LOG.warn("on_record_done listener failed for {}", file.path(), e);
    }
  }

  /** True while {@code key} is being recorded. */
  public boolean isRecording(StreamKey key) {
    return active.containsKey(key);
  }

  /** The recordings now, by stream. */
  public List<RecordingInfo> infos() {
    List<RecordingInfo> out = new ArrayList<>();
    for (Recorder r : active.values()) {
      out.add(r.info());
    }
    out.sort(Comparator.comparing(RecordingInfo::app).thenComparing(RecordingInfo::name));
    return out;
  }

  /**
   * The last reason a recording stopped by itself (disk space below the floor), until a recording
   * starts again; null when there is none.
   */
  public String lastWarning() {
    return lastWarning;
  }

  private synchronized ExecutorService writers() {
    if (writers == null) {
      AtomicInteger n = new AtomicInteger();
      writers =
          Executors.newFixedThreadPool(
              WRITER_THREADS,
              r -> {
                Thread t = new Thread(r, "rtmp-record-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return writers;
  }

  /** Finishes every recording (files are closed by the writers), then stops the writers. */
  @Override
  public void close() {
    for (StreamKey key : new ArrayList<>(active.keySet())) {
      stop(key, "server stopping");
    }
    ExecutorService w;
    synchronized (this) {
      w = writers;
      writers = null;
    }
    if (w != null) {
      w.shutdown();
    }
    if (remuxer != null) {
      remuxer.close();
    }
  }
}
