package io.rtmpt.webapp.admin;

import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.record.Recordings;
import io.rtmpt.webapp.bridge.CertificateInfo;
import io.rtmpt.webapp.bridge.RtmpsListener;
import io.rtmpt.webapp.bridge.Upstream;
import io.rtmpt.webapp.config.Bridge;
import io.rtmpt.webapp.health.Drain;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * The operator's actions, as the API's POSTs carry them out: disconnect a session by its console
 * row id, stop a live stream, start and stop its recording, reload the RTMPS certificate, drain the
 * node and undo it. Each tells the console to push the change at once.
 */
final class AdminActions {
  /** What became of a stop request. */
  enum StreamStop {
    /** The publisher was disconnected. */
    STOPPED,
    /** Nobody publishes the stream here. */
    NOT_PUBLISHED,
    /** In backend mode streams live in the backend RTMP server, out of reach. */
    IN_BACKEND
  }

  private final Upstream upstream;
  private final RtmptSessionRegistry tunnels;
  private final Drain drain;
  private final Runnable onChange;

  AdminActions(Sources sources, Runnable onChange) {
    this.upstream = sources.upstream();
    this.tunnels = sources.tunnels();
    this.drain = sources.drain();
    this.onChange = onChange;
  }

  /**
   * Drains the node ({@link Drain#begin}): new tunnels are refused, running sessions go on for the
   * grace period; does nothing while a drain is under way.
   *
   * @param user who asked, for the log
   * @return the drain now
   */
  Drain.Status drain(String user) {
    if (drain.begin("operator " + user)) {
      onChange.run();
    }
    return drain.status();
  }

  /**
   * Undoes a drain ({@link Drain#resume}): new tunnels are accepted again.
   *
   * @return the drain now
   * @throws IllegalStateException while the application is stopping
   */
  Drain.Status resume(String user) {
    if (drain.resume("operator " + user)) {
      onChange.run();
    }
    return drain.status();
  }

  /**
   * Disconnects a session by its {@link SessionRow#id()}: a tunnel is closed (its engine session
   * with it), a direct connection is closed by the engine.
   *
   * @return false when there is no such session
   */
  boolean disconnect(String rowId) {
    boolean done =
        SessionDirectory.parse(rowId)
            .map(
                id ->
                    id.tunnelId() != null
                        ? tunnels.close(id.tunnelId())
                        : upstream.closeSession(id.engineSessionId(), "disconnected by operator"))
            .orElse(false);
    if (done) {
      onChange.run();
    }
    return done;
  }

  /** What became of a request to start or stop a recording. */
  enum Recording {
    /** Done. */
    DONE,
    /** Nobody publishes the stream (start), or it is not being recorded (stop). */
    NOT_FOUND,
    /** Already being recorded. */
    ALREADY,
    /** No recording directory is configured, or streams live in a backend server. */
    UNAVAILABLE
  }

  /** Starts recording a live stream (operator action). */
  Recording startRecording(String app, String name) {
    Optional<Recordings> recordings = upstream.recordings();
    if (recordings.isEmpty()) {
      return Recording.UNAVAILABLE;
    }
    Recording result =
        switch (recordings.get().start(new StreamKey(app, name))) {
          case STARTED -> Recording.DONE;
          case ALREADY_RECORDING -> Recording.ALREADY;
          case NOT_PUBLISHED -> Recording.NOT_FOUND;
          case DISABLED -> Recording.UNAVAILABLE;
        };
    if (result == Recording.DONE) {
      onChange.run();
    }
    return result;
  }

  /** Stops recording a live stream (operator action); the file is closed. */
  Recording stopRecording(String app, String name) {
    Optional<Recordings> recordings = upstream.recordings();
    if (recordings.isEmpty()) {
      return Recording.UNAVAILABLE;
    }
    if (!recordings.get().stop(new StreamKey(app, name))) {
      return Recording.NOT_FOUND;
    }
    onChange.run();
    return Recording.DONE;
  }

  /**
   * Loads the RTMPS listener's certificate files again, changed or not: new connections get what
   * they hold now.
   *
   * @return the certificate now current, or empty when no RTMPS listener runs
   * @throws IOException what is wrong with the files (one line); the old certificate stays
   */
  Optional<CertificateInfo> reloadCertificate() throws IOException {
    Optional<RtmpsListener> listener = upstream.rtmpsListener();
    if (listener.isEmpty()) {
      return Optional.empty();
    }
    CertificateInfo now = listener.get().reload();
    onChange.run();
    return Optional.of(now);
  }

  /** Stops a live stream: its publisher is disconnected; players stay and wait for the next. */
  StreamStop stopStream(String app, String name) {
    if (upstream.bridge() == Bridge.BACKEND) {
      return StreamStop.IN_BACKEND;
    }
    if (!upstream.stopStream(new StreamKey(app, name), "stopped by operator")) {
      return StreamStop.NOT_PUBLISHED;
    }
    onChange.run();
    return StreamStop.STOPPED;
  }
}
