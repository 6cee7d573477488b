package io.rtmpt.webapp.health;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The unauthenticated health endpoints, for load balancers, container health checks and
 * orchestrators. They tell nothing but the state: no version, address or count.
 *
 * <ul>
 *   <li>{@value #LIVENESS}: 200 {@code ok} while the application runs, draining or not (a container
 *       health check or liveness probe: a failure means restart it);
 *   <li>{@value #READINESS}: 200 {@code ready} while it takes new tunnels, else 503 with the reason
 *       ({@code not ready: draining}, {@code not ready: backend unreachable}): a load balancer's
 *       check, which sends new tunnels elsewhere meanwhile (see {@link Health}).
 * </ul>
 *
 * <p>GET and HEAD; any other method gets 405. Replies are {@code text/plain} and never cached.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The liveness endpoint, relative to the context. */
  public static final String LIVENESS = "/healthz";

  /** The readiness endpoint, relative to the context. */
  public static final String READINESS = "/readyz";

  private final transient Health health;

  public HealthServlet(Health health) {
    this.health = Objects.requireNonNull(health, "health");
  }

  /** Registers a servlet for {@code health} at {@value #LIVENESS} and {@value #READINESS}. */
  public static ServletRegistration.Dynamic register(ServletContext context, Health health) {
    ServletRegistration.Dynamic registration =
        context.addServlet("health", new HealthServlet(health));
    if (registration == null) {
      throw new IllegalStateException("a servlet named health is registered already");
    }
    registration.setLoadOnStartup(1);
    registration.addMapping(LIVENESS, READINESS);
    return registration;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "use GET", false);
      return;
    }
    boolean head = method.equals("HEAD");
    if (READINESS.equals(request.getServletPath())) {
      Optional<Health.NotReady> why = health.notReady();
      if (why.isPresent()) {
        write(
            response,
            HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            "not ready: " + why.get().text(),
            head);
      } else {
        write(response, HttpServletResponse.SC_OK, "ready", head);
      }
      return;
    }
    write(response, HttpServletResponse.SC_OK, "ok", head);
  }

  private static void write(HttpServletResponse response, int status, String text, boolean head)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.US_ASCII);
    response.setStatus(status);
    response.setContentType("text/plain;charset=us-ascii");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    if (!head) {
      response.getOutputStream().write(body);
    }
  }
}
