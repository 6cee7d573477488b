package io.rtmpt.webapp.health;

import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.bridge.BackendProbe;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the gateway takes new tunnels, for {@code /readyz}: not while it is being drained, and in
 * backend mode not while the backend's last reachability check failed (or before the first one): a
 * load balancer then sends new tunnels to other nodes. The answer names only the condition, never
 * addresses, versions or counts: {@code /readyz} answers without authentication.
 */
public final class Health {
  /** Why a gateway is not ready; the text {@code /readyz} answers with. */
  public enum NotReady {
    DRAINING("draining"),
    BACKEND_UNREACHABLE("backend unreachable");

    private final String text;

    NotReady(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final Drain drain;
  private final Optional<BackendProbe> backend;

  /**
   * @param backend the backend's reachability check in backend mode, else empty
   */
  public Health(Drain drain, Optional<BackendProbe> backend) {
    this.drain = Objects.requireNonNull(drain, "drain");
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /** Why the gateway should get no new tunnels now, or empty when it is ready for them. */
  public Optional<NotReady> notReady() {
    if (drain.isDraining()) {
      return Optional.of(NotReady.DRAINING);
    }
    if (backend.isPresent()) {
      BackendHealth last = backend.get().health();
      if (!last.reachable()) {
        return Optional.of(NotReady.BACKEND_UNREACHABLE);
      }
    }
    return Optional.empty();
  }
}
