package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.AggregateMessage;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message a client sent to the part of the session that acts on it: audio and video
 * straight from their raw form to the publishing {@link NetStreams} (no typed message in between:
 * the payload becomes the live frame's), aggregates split into their parts, data messages to the
 * streams, commands and control messages to the {@link NetConnection}. Runs on the session's input
 * thread.
 */
final class MessageRouter {
  private static final Logger LOG = LoggerFactory.getLogger(MessageRouter.class);

  private final ServerSession session;
  private final NetStreams streams;
  private final NetConnection connection;

  MessageRouter(ServerSession session, NetStreams streams, NetConnection connection) {
    this.session = session;
    this.streams = streams;
    this.connection = connection;
  }

  /**
   * Acts on one message.
   *
   * @throws RtmpProtocolException for an unknown type id or a body that does not fit its type
   */
  void route(RawMessage raw) throws RtmpProtocolException {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} <- {}", session.describe(), raw);
    }
    switch (MessageType.fromCode(raw.messageTypeId())) {
      case AUDIO, VIDEO -> streams.onMedia(raw);
      case AGGREGATE -> {
        for (RawMessage part : AggregateMessage.split(raw)) {
          route(part); // audio, video and data only: no connect in there
        }
      }
      default -> {
        RtmpMessage message = MessageCodec.decode(raw);
        if (message instanceof CommandMessage command) {
          connection.onCommand(raw.messageStreamId(), command);
        } else if (message instanceof DataMessage data) {
          streams.onData(raw, data);
        } else {
          connection.onControl(message);
        }
      }
    }
  }
}
