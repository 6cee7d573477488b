package io.rtmpt.engine.command;

import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * NetStream.play(name, start, duration, reset). For live streams start is -2 (live or recorded) or
 * -1 (live only); reset defaults to true and asks for a NetStream.Play.Reset status first.
 */
public record Play(String streamName, double start, double duration, boolean reset) {

  public static Play from(CommandMessage command) throws RtmpProtocolException {
    if (!(command.argument(0) instanceof String name) || StreamNames.strip(name).isEmpty()) {
      throw new RtmpProtocolException("play without a stream name");
    }
    double start = command.argument(1) instanceof Number n ? n.doubleValue() : -2;
    double duration = command.argument(2) instanceof Number n ? n.doubleValue() : -1;
    boolean reset = !(command.argument(3) instanceof Boolean b) || b;
    return new Play(StreamNames.strip(name), start, duration, reset);
  }
}
