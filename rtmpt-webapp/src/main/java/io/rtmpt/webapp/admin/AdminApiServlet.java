package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.bridge.CertificateInfo;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /admin/api/} (README.md lists every endpoint with an example). Reads
 * are GETs; actions are POSTs that {@link AdminSecurityFilter} has checked for the CSRF token.
 *
 * <pre>
 *   GET  overview                               GET  streams
 *   GET  sessions                               GET  streams/{app}/{name}
 *   GET  sessions/{id}                          POST streams/{app}/{name}/stop
 *   POST sessions/{id}/disconnect               GET  history
 *   GET  config                                 GET  csrf
 *   GET  recordings                             POST streams/{app}/{name}/record
 *                                               POST streams/{app}/{name}/record-stop
 *   GET  rtmps                                  POST rtmps/reload
 *   GET  drain          POST drain              POST resume
 * </pre>
 */
public final class AdminApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(AdminApiServlet.class);

  private final transient AdminService service;
  private final transient AdminActions actions;

  AdminApiServlet(AdminService service, AdminActions actions) {
    this.service = service;
    this.actions = actions;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] path = segments(request);
    if (path.length == 1) {
      switch (path[0]) {
        case "overview" -> write(response, 200, service.snapshot().overview());
        case "sessions" -> write(response, 200, service.snapshot().sessions());
        case "streams" -> write(response, 200, service.snapshot().streams());
        case "history" -> write(response, 200, service.history());
        case "config" -> write(response, 200, service.configuration());
        case "recordings" -> write(response, 200, service.recordings());
        case "rtmps" -> found(response, request, service.rtmps());
        case "drain" -> write(response, 200, service.drain());
        case "resume" -> methodNotAllowed(response, "POST");
        case "csrf" ->
            write(
                response,
                200,
                Map.of("header", CsrfTokens.HEADER, "token", CsrfTokens.issue(request)));
        default -> notFound(response, request);
      }
      return;
    }
    if (path.length == 2 && path[0].equals("sessions")) {
      found(response, request, service.session(path[1]));
    } else if ((path.length == 3 && path[0].equals("sessions") && path[2].equals("disconnect"))
        || (path.length == 2 && path[0].equals("rtmps") && path[1].equals("reload"))) {
      methodNotAllowed(response, "POST");
    } else if (path.length >= 3 && path[0].equals("streams")) {
      found(response, request, service.stream(path[1], name(path, path.length)));
    } else {
      notFound(response, request);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] path = segments(request);
    if (path.length == 1 && (path[0].equals("drain") || path[0].equals("resume"))) {
      drainOrResume(path[0], request, response);
      return;
    }
    if (path.length == 3 && path[0].equals("sessions") && isAction(path, "disconnect")) {
      String id = path[1];
      if (actions.disconnect(id)) {
        LOG.info("session {} disconnected by {}", id, user(request));
        write(response, 200, Map.of("disconnected", id));
      } else {
        write(response, 404, new ApiError("not-found", "no open session " + id));
      }
      return;
    }
    if (path.length >= 4
        && path[0].equals("streams")
        && (isAction(path, "record") || isAction(path, "record-stop"))) {
      record(request, response, path);
      return;
    }
    if (path.length >= 4 && path[0].equals("streams") && isAction(path, "stop")) {
      String app = path[1];
      String name = name(path, path.length - 1);
      switch (actions.stopStream(app, name)) {
        case STOPPED -> {
          LOG.info("stream {}/{} stopped by {}", app, name, user(request));
          write(response, 200, Map.of("stopped", app + "/" + name));
        }
        case NOT_PUBLISHED ->
            write(response, 404, new ApiError("not-found", "nobody publishes " + app + "/" + name));
        case IN_BACKEND ->
            write(
                response,
                404,
                new ApiError(
                    "not-found", "streams live in the backend RTMP server in backend mode"));
      }
      return;
    }
    if (path.length == 2 && path[0].equals("rtmps") && path[1].equals("reload")) {
      reloadCertificate(request, response);
      return;
    }
    notFound(response, request);
  }

  private void record(HttpServletRequest request, HttpServletResponse response, String[] path)
      throws IOException {
    String app = path[1];
    String name = name(path, path.length - 1);
    boolean start = isAction(path, "record");
    AdminActions.Recording result =
        start ? actions.startRecording(app, name) : actions.stopRecording(app, name);
    String id = app + "/" + name;
    switch (result) {
      case DONE -> {
        LOG.info("recording of {} {} by {}", id, start ? "started" : "stopped", user(request));
        write(response, 200, Map.of(start ? "recording" : "stoppedRecording", id));
      }
      case NOT_FOUND ->
          write(
              response,
              404,
              new ApiError(
                  "not-found", start ? "nobody publishes " + id : id + " is not being recorded"));
      case ALREADY -> write(response, 409, new ApiError("conflict", id + " is already recorded"));
      case UNAVAILABLE ->
          write(
              response,
              409,
              new ApiError(
                  "recording-off",
                  "recording is off: set rtmpt.record-dir (the executable: --record-dir)"));
    }
  }

  private void reloadCertificate(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<CertificateInfo> reloaded;
    try {
      reloaded = actions.reloadCertificate();
    } catch (IOException e) {
      write(response, 500, new ApiError("reload-failed", e.getMessage()));
      return;
    }
    if (reloaded.isEmpty()) {
      write(response, 404, new ApiError("not-found", "no RTMPS listener (rtmpt.rtmps-port is 0)"));
      return;
    }
    LOG.info(
        "rtmps certificate reloaded by {}: {}, valid until {}",
        user(request),
        reloaded.get().subject(),
        Instant.ofEpochMilli(reloaded.get().notAfter()));
    write(response, 200, Map.of("reloaded", reloaded.get()));
  }

  /** POST drain or resume: 200 with the drain's status; 409 for a resume while stopping. */
  private void drainOrResume(
      String action, HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = user(request);
    if (action.equals("drain")) {
      write(response, 200, actions.drain(user));
      return;
    }
    try {
      write(response, 200, actions.resume(user));
    } catch (IllegalStateException e) {
      write(response, 409, new ApiError("conflict", e.getMessage()));
    }
  }

  private static boolean isAction(String[] path, String action) {
    return path.length >= 3 && path[path.length - 1].equals(action);
  }

  /** The stream name: the segments from 2 up to {@code end}, slashes kept. */
  private static String name(String[] path, int end) {
    return String.join("/", Arrays.copyOfRange(path, 2, end));
  }

  private static String[] segments(HttpServletRequest request) {
    String info = request.getPathInfo();
    if (info == null || info.equals("/")) {
      return new String[0];
    }
    return info.substring(1).split("/", -1);
  }

  private static void found(
      HttpServletResponse response, HttpServletRequest request, Optional<?> value)
      throws IOException {
    if (value.isPresent()) {
      write(response, 200, value.get());
    } else {
      notFound(response, request);
    }
  }

  private static void notFound(HttpServletResponse response, HttpServletRequest request)
      throws IOException {
    write(response, 404, new ApiError("not-found", "nothing at " + request.getRequestURI()));
  }

  private static void methodNotAllowed(HttpServletResponse response, String allowed)
      throws IOException {
    response.setHeader("Allow", allowed);
    write(response, 405, new ApiError("method-not-allowed", "use " + allowed));
  }

  private static String user(HttpServletRequest request) {
    return request.getUserPrincipal() == null
        ? "(anonymous)"
        : request.getUserPrincipal().getName();
  }

  private static void write(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
