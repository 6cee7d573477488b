package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Messages 20 (AMF0) and 17 (AMF3): a remote call. On the wire: name, transaction id, command
 * object (often null), then the arguments. AMF3 command messages start with a 0x00 byte and then
 * carry AMF0 values that may switch to AMF3.
 *
 * @param name the procedure name ("connect", "publish", "_result", "onStatus"...)
 * @param transactionId the caller's transaction id; 0 when it expects no reply
 * @param commandObject the command object (connect's properties), usually null otherwise
 * @param arguments the values after the command object, unmodifiable
 * @param amf3 true for message type 17, false for 20
 */
public record CommandMessage(
    String name, double transactionId, Object commandObject, List<Object> arguments, boolean amf3)
    implements RtmpMessage {

  public CommandMessage {
    Objects.requireNonNull(name, "name");
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  /** An AMF0 command message. */
  public static CommandMessage of(
      String name, double transactionId, Object commandObject, Object... arguments) {
    return new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments), false);
  }

  static CommandMessage decode(byte[] body, boolean amf3) throws RtmpProtocolException {
    List<Object> values = MessageBodies.readValues(body, amf3);
    if (values.isEmpty() || !(values.get(0) instanceof String name)) {
      throw new RtmpProtocolException("command message does not start with a name string");
    }
    double transactionId =
        values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new CommandMessage(name, transactionId, commandObject, arguments, amf3);
  }

  /** The argument at index, or null when there are fewer arguments. */
  public Object argument(int index) {
    return index < arguments.size() ? arguments.get(index) : null;
  }

  @Override
  public byte[] encode() {
    List<Object> values = new ArrayList<>(arguments.size() + 3);
    values.add(name);
    values.add(transactionId);
    values.add(commandObject);
    values.addAll(arguments);
    return MessageBodies.writeValues(values, amf3);
  }

  @Override
  public MessageType type() {
    return amf3 ? MessageType.COMMAND_AMF3 : MessageType.COMMAND_AMF0;
  }
}
