package io.rtmpt.engine.message;

import java.util.Arrays;
import java.util.List;

/**
 * Messages 20 (AMF0) and 17 (AMF3): a remote call. On the wire: name, transaction id, command
 * object (often null), then the arguments. AMF3 command messages start with a 0x00 byte and then
 * carry AMF0 values that may switch to AMF3.
 */
public record CommandMessage(
    String name, double transactionId, Object commandObject, List<Object> arguments, boolean amf3)
    implements RtmpMessage {

  public CommandMessage {
    java.util.Objects.requireNonNull(name, "name");
    arguments = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
  }

  public static CommandMessage of(
      String name, double transactionId, Object commandObject, Object... arguments) {
    return new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments), false);
  }

  /** The argument at index, or null when there are fewer arguments. */
  public Object argument(int index) {
    return index < arguments.size() ? arguments.get(index) : null;
  }

  @Override
  public MessageType type() {
    return amf3 ? MessageType.COMMAND_AMF3 : MessageType.COMMAND_AMF0;
  }
}
