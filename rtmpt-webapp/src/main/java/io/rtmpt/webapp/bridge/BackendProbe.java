package io.rtmpt.webapp.bridge;

import io.rtmpt.webapp.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks in backend mode that the backend RTMP server accepts TCP connections: a connect and an
 * immediate close, no RTMP handshake (that would count as a client in the backend's statistics).
 * {@link #check()} runs on the admin timer; {@link #health()} is the last result.
 */
public final class BackendProbe {
  private static final Logger LOG = LoggerFactory.getLogger(BackendProbe.class);

  private final HostPort backend;
  private final int timeoutMillis;
  private volatile BackendHealth health;

  public BackendProbe(HostPort backend, Duration timeout) {
    this.backend = backend;
    this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    this.health = new BackendHealth(address(), false, 0, -1, "not checked yet");
  }

  public String address() {
    return backend.toString();
  }

  public BackendHealth health() {
    return health;
  }

  /** Connects once; logs changes between reachable and unreachable. */
  public BackendHealth check() {
    long start = System.nanoTime();
    BackendHealth result;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(backend.host(), backend.port()), timeoutMillis);
      result =
          new BackendHealth(
              address(),
              true,
              System.currentTimeMillis(),
              Duration.ofNanos(System.nanoTime() - start).toMillis(),
              null);
    } catch (IOException | IllegalArgumentException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      result = new BackendHealth(address(), false, System.currentTimeMillis(), -1, why);
    }
    BackendHealth previous = health;
    health = result;
    if (result.reachable() != previous.reachable() || previous.checkedAt() == 0) {
      if (result.reachable()) {
        LOG.info("backend {} is reachable ({} ms)", address(), result.connectMillis());
      } else {
        LOG.warn("backend {} is unreachable: {}", address(), result.error());
      }
    }
    return result;
  }
}
