package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.Map;

/**
 * NetConnection.connect: the command object names the application ({@code app}), the URL the client
 * used ({@code tcUrl}), its version string and the AMF encoding it wants for replies.
 */
public record Connect(
    double transactionId, String app, String tcUrl, String flashVer, double objectEncoding) {

  public static Connect from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.commandObject() instanceof Map<?, ?> object)) {
      throw new RtmpProtocolException("connect without a command object");
    }
    String app = string(object.get("app"));
    if (app == null) {
      throw new RtmpProtocolException("connect without an app name");
    }
    int slash = app.indexOf('/');
    // Some clients append "/" or an instance name; the application is the first segment.
    String application = slash >= 0 ? app.substring(0, slash) : app;
    int query = application.indexOf('?');
    if (query >= 0) {
      application = application.substring(0, query);
    }
    double encoding = object.get("objectEncoding") instanceof Number n ? n.doubleValue() : 0;
    return new Connect(
        command.transactionId(),
        application,
        string(object.get("tcUrl")),
        string(object.get("flashVer")),
        encoding);
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }
}
