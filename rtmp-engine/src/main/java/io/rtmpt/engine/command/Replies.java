package io.rtmpt.engine.command;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.message.CommandMessage;

/** Builders for the replies a server sends: _result, _error and onStatus. */
public final class Replies {
  private Replies() {}

  public static CommandMessage result(
      double transactionId, Object commandObject, Object value, boolean amf3) {
    return new CommandMessage(
        "_result", transactionId, commandObject, java.util.Collections.singletonList(value), amf3);
  }

  public static CommandMessage error(
      double transactionId, String code, String description, boolean amf3) {
    return new CommandMessage(
        "_error",
        transactionId,
        null,
        java.util.List.of(info(StatusCode.LEVEL_ERROR, code, description)),
        amf3);
  }

  public static CommandMessage onStatus(
      String level, String code, String description, boolean amf3) {
    return new CommandMessage(
        "onStatus", 0, null, java.util.List.of(info(level, code, description)), amf3);
  }

  public static AmfObject info(String level, String code, String description) {
    return AmfObject.of("level", level, "code", code, "description", description);
  }
}
