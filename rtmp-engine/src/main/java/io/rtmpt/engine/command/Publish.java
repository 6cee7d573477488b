package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/** NetStream.publish(name, type): type is "live", "record" or "append". */
public record Publish(String streamName, String publishType) {

  public static Publish from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.argument(0) instanceof String name) || StreamNames.strip(name).isEmpty()) {
      throw new RtmpProtocolException("publish without a stream name");
    }
    String type = command.argument(1) instanceof String t ? t : "live";
    return new Publish(StreamNames.strip(name), type);
  }
}
