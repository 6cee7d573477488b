package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * NetStream.publish(name, type).
 *
 * @param streamName the name without query string or surrounding whitespace ({@link StreamNames})
 * @param requestedName the name exactly as sent, query string included
 * @param publishType "live", "record" or "append" ("live" when absent)
 */
public record Publish(String streamName, String requestedName, String publishType) {

  /** Reads a publish command; a missing or empty name is a protocol violation. */
  public static Publish from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.argument(0) instanceof String name) || StreamNames.strip(name).isEmpty()) {
      throw new RtmpProtocolException("publish without a stream name");
    }
    String type = command.argument(1) instanceof String t ? t : "live";
    return new Publish(StreamNames.strip(name), name, type);
  }
}
