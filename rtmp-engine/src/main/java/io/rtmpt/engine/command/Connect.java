package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.Map;
import java.util.Objects;

/**
 * NetConnection.connect: the command object names the application ({@code app}), the URL the client
 * used ({@code tcUrl}), its version string, the SWF and page it runs in, and the AMF encoding it
 * wants for replies.
 *
 * @param transactionId the request's transaction id
 * @param app the application: the first segment of the command object's {@code app}, without a
 *     query string ({@code live/?x=1} and {@code live?x=1} both name {@code live})
 * @param query what followed a {@code ?} in {@code app} (nginx-rtmp's connect "args", passed on to
 *     {@code on_connect}), or the empty string
 * @param tcUrl the URL the client connected to, or null
 * @param flashVer the client's version string, or null
 * @param swfUrl the URL of the SWF file that connects (Flash players), or null
 * @param pageUrl the URL of the web page the SWF is in, or null
 * @param objectEncoding 0 for AMF0, 3 for AMF3
 */
public record Connect(
    double transactionId,
    String app,
    String query,
    String tcUrl,
    String flashVer,
    String swfUrl,
    String pageUrl,
    double objectEncoding) {

  public Connect {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(query, "query");
  }

  public static Connect from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.commandObject() instanceof Map<?, ?> object)) {
      throw new RtmpProtocolException("connect without a command object");
    }
    String app = string(object.get("app"));
    if (app == null) {
      throw new RtmpProtocolException("connect without an app name");
    }
    String query = "";
    int question = app.indexOf('?');
    if (question >= 0) {
      query = app.substring(question + 1);
      app = app.substring(0, question);
    }
    int slash = app.indexOf('/');
    // Some clients append "/" or an instance name; the application is the first segment.
    String application = slash >= 0 ? app.substring(0, slash) : app;
    double encoding = object.get("objectEncoding") instanceof Number n ? n.doubleValue() : 0;
    return new Connect(
        command.transactionId(),
        application,
        query,
        string(object.get("tcUrl")),
        string(object.get("flashVer")),
        string(object.get("swfUrl")),
        string(object.get("pageUrl")),
        encoding);
  }

  /** The same connect for another application (a callback's redirect renames it). */
  public Connect withApp(String newApp) {
    return new Connect(
        transactionId, newApp, query, tcUrl, flashVer, swfUrl, pageUrl, objectEncoding);
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }
}
