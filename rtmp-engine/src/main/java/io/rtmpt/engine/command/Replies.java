package io.rtmpt.engine.command;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.message.CommandMessage;
import java.util.Collections;
import java.util.List;

/**
 * Builders for the replies a server sends: {@code _result}, {@code _error} and {@code onStatus}.
 * Each returns a {@link CommandMessage} whose wire values are, in order: name, transaction id,
 * command object, then the arguments listed per method. Which encoding ({@code amf3}) a reply uses
 * is the caller's rule (see the session's {@code Responder}).
 */
public final class Replies {
  private Replies() {}

  /**
   * {@code _result}: ["_result", transactionId, commandObject, value]. connect answers with the
   * server properties as command object and the status info as value; createStream with null and
   * the stream id.
   *
   * @param transactionId the request's transaction id
   * @param commandObject the command object, or null
   * @param value the one argument, or null
   * @param amf3 true for message type 17, false for 20
   */
  public static CommandMessage result(
      double transactionId, Object commandObject, Object value, boolean amf3) {
    return new CommandMessage(
        "_result", transactionId, commandObject, Collections.singletonList(value), amf3);
  }

  /**
   * {@code _error}: ["_error", transactionId, null, {level: "error", code, description}].
   *
   * @param transactionId the request's transaction id
   * @param code a {@link StatusCode}, for example {@link StatusCode#CALL_FAILED}
   * @param description human-readable reason
   * @param amf3 true for message type 17, false for 20
   */
  public static CommandMessage error(
      double transactionId, String code, String description, boolean amf3) {
    return new CommandMessage(
        "_error",
        transactionId,
        null,
        List.of(info(StatusCode.LEVEL_ERROR, code, description)),
        amf3);
  }

  /**
   * {@code onStatus}: ["onStatus", 0, null, {level, code, description}], sent on the message stream
   * it concerns.
   *
   * @param level {@link StatusCode#LEVEL_STATUS} or {@link StatusCode#LEVEL_ERROR}
   * @param code a {@link StatusCode}, for example {@link StatusCode#PLAY_START}
   * @param description human-readable text
   * @param amf3 true for message type 17, false for 20
   */
  public static CommandMessage onStatus(
      String level, String code, String description, boolean amf3) {
    return new CommandMessage("onStatus", 0, null, List.of(info(level, code, description)), amf3);
  }

  /** The info object {level, code, description} of status replies, in that key order. */
  public static AmfObject info(String level, String code, String description) {
    return AmfObject.of("level", level, "code", code, "description", description);
  }
}
