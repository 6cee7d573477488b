package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * NetStream.play(name, start, duration, reset). For live streams start is -2 (live or recorded) or
 * -1 (live only); reset defaults to true and asks for a NetStream.Play.Reset status first.
 *
 * @param streamName the name without query string or surrounding whitespace ({@link StreamNames})
 * @param requestedName the name exactly as sent, query string included
 * @param start start position in seconds, or -2 / -1 (default -2)
 * @param duration seconds to play, -1 for all (default -1)
 * @param reset whether to flush a previous playlist (default true)
 */
public record Play(
    String streamName, String requestedName, double start, double duration, boolean reset) {

  /** Reads a play command; a missing or empty name is a protocol violation. */
  public static Play from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.argument(0) instanceof String name) || StreamNames.strip(name).isEmpty()) {
      throw new RtmpProtocolException("play without a stream name");
    }
    double start = command.argument(1) instanceof Number n ? n.doubleValue() : -2;
    double duration = command.argument(2) instanceof Number n ? n.doubleValue() : -1;
    boolean reset = !(command.argument(3) instanceof Boolean b) || b;
    return new Play(StreamNames.strip(name), name, start, duration, reset);
  }
}
