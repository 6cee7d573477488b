package io.rtmpt.webapp.access;

import io.rtmpt.engine.command.Connect;
import io.rtmpt.engine.record.RecordedFile;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.StreamGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The form fields of nginx-rtmp's notifications ({@code ngx_rtmp_notify_module.c} and {@code
 * ngx_rtmp_netcall_http_format_session}), so that an auth backend written for nginx-rtmp reads ours
 * unchanged:
 *
 * <pre>
 *   every call   app, flashver, swfurl, tcurl, pageurl, addr (client IP), clientid (session id)
 *   on_connect   call=connect, epoch
 *   on_publish   call=publish, name, type
 *   on_play      call=play, name, start, duration, reset
 *   on_done      call=done, name
 * </pre>
 *
 * then the query arguments the client gave with the stream name (with the application, for
 * connect), in their order. Unlike nginx-rtmp, an argument named like one of the fields above is
 * left out, so that a client cannot pass its own {@code addr} or {@code name}. {@code name} is the
 * stream name without its query; {@code start} and {@code duration} are the client's values as
 * whole numbers (nginx-rtmp sends them as unsigned 32-bit numbers).
 */
final class NotifyForm {
  private static final Set<String> RESERVED =
      Set.of(
          "call",
          "app",
          "flashver",
          "swfurl",
          "tcurl",
          "pageurl",
          "addr",
          "clientid",
          "epoch",
          "name",
          "type",
          "start",
          "duration",
          "reset");

  private NotifyForm() {}

  /** The fields of the {@code on_connect}, {@code on_publish} or {@code on_play} call. */
  static List<Map.Entry<String, String>> of(StreamGate.Request request, String address) {
    List<Map.Entry<String, String>> form = session(request.connect(), request.session(), address);
    switch (request.action()) {
      case CONNECT -> {
        form.add(Map.entry("call", "connect"));
        form.add(
            Map.entry("epoch", String.valueOf(request.session().openedAtMillis() & 0xFFFFFFFFL)));
      }
      case PUBLISH -> {
        form.add(Map.entry("call", "publish"));
        form.add(Map.entry("name", request.key().name()));
        form.add(Map.entry("type", request.publish().publishType()));
      }
      case PLAY -> {
        form.add(Map.entry("call", "play"));
        form.add(Map.entry("name", request.key().name()));
        form.add(Map.entry("start", String.valueOf((long) request.play().start())));
        form.add(Map.entry("duration", String.valueOf((long) request.play().duration())));
        form.add(Map.entry("reset", request.play().reset() ? "1" : "0"));
      }
    }
    arguments(form, request.query());
    return form;
  }

  /** The fields of the {@code on_done} call for a publish or play that was admitted as asked. */
  static List<Map.Entry<String, String>> done(StreamGate.Request request, String address) {
    List<Map.Entry<String, String>> form = session(request.connect(), request.session(), address);
    form.add(Map.entry("call", "done"));
    form.add(Map.entry("name", request.key().name()));
    arguments(form, request.query());
    return form;
  }

  /**
   * nginx-rtmp's {@code on_record_done} fields for a closed recording: {@code call=record_done},
   * {@code app}, {@code name}, {@code recorder} (always {@code default}: there is one recorder per
   * stream), {@code path}; and ours beside them: {@code duration} (media seconds, decimal), {@code
   * bytes}, {@code reason} (why the file was closed).
   */
  static List<Map.Entry<String, String>> recordDone(RecordedFile file) {
    List<Map.Entry<String, String>> form = new ArrayList<>();
    form.add(Map.entry("call", "record_done"));
    form.add(Map.entry("app", file.key().app()));
    form.add(Map.entry("name", file.key().name()));
    form.add(Map.entry("recorder", "default"));
    form.add(Map.entry("path", file.path().toAbsolutePath().toString()));
    form.add(Map.entry("duration", String.valueOf(file.durationMillis() / 1000.0)));
    form.add(Map.entry("bytes", String.valueOf(file.bytes())));
    form.add(Map.entry("reason", file.reason()));
    return form;
  }

  private static List<Map.Entry<String, String>> session(
      Connect connect, SessionInfo session, String address) {
    List<Map.Entry<String, String>> form = new ArrayList<>();
    form.add(Map.entry("app", connect.app()));
    form.add(Map.entry("flashver", text(connect.flashVer())));
    form.add(Map.entry("swfurl", text(connect.swfUrl())));
    form.add(Map.entry("tcurl", text(connect.tcUrl())));
    form.add(Map.entry("pageurl", text(connect.pageUrl())));
    form.add(Map.entry("addr", address));
    form.add(Map.entry("clientid", String.valueOf(session.id())));
    return form;
  }

  private static void arguments(List<Map.Entry<String, String>> form, String query) {
    for (Map.Entry<String, String> pair : QueryString.pairs(query)) {
      if (!RESERVED.contains(pair.getKey())) {
        form.add(pair);
      }
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
