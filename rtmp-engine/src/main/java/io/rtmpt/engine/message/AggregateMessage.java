package io.rtmpt.engine.message;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Message 22: several FLV tags in one message; {@link #split} turns it into the messages it
 * carries.
 *
 * @param payload the message body: FLV tags, each followed by its 4-byte back pointer
 */
public record AggregateMessage(byte[] payload) implements RtmpMessage {
  /** Bytes of an FLV tag header inside an aggregate message. */
  private static final int TAG_HEADER_SIZE = 11;

  private static final int BACK_POINTER_SIZE = 4;

  /**
   * The messages an aggregate message carries, in order. Each sub-message is an FLV tag (type u8,
   * size u24, timestamp u24 plus its high byte, stream id u24, body) followed by a 4-byte back
   * pointer (the last one may be missing); timestamps are rebased so that the first sub-message has
   * the aggregate's own timestamp, and every part keeps the aggregate's chunk and message stream.
   * Only audio, video and AMF0 data may be carried.
   *
   * @throws RtmpProtocolException for a truncated tag or another sub-message type
   */
  public static List<RawMessage> split(RawMessage aggregate) throws RtmpProtocolException {
    byte[] p = aggregate.payload();
    List<RawMessage> out = new ArrayList<>();
    int pos = 0;
    long first = -1;
    while (pos < p.length) {
      if (p.length - pos < TAG_HEADER_SIZE) {
        throw new RtmpProtocolException(
            "aggregate message: truncated sub-message header at offset " + pos);
      }
      int type = p[pos] & 0xFF;
      int size = Bytes.u24(p, pos + 1);
      long timestamp = (p[pos + 7] & 0xFFL) << 24 | Bytes.u24(p, pos + 4);
      int remaining = p.length - pos - TAG_HEADER_SIZE;
      if (size > remaining) {
        throw new RtmpProtocolException(
            "aggregate message: sub-message size "
                + size
                + " exceeds remaining "
                + remaining
                + " bytes");
      }
      if (type != MessageType.AUDIO.code()
          && type != MessageType.VIDEO.code()
          && type != MessageType.DATA_AMF0.code()) {
        throw new RtmpProtocolException("aggregate message: unsupported sub-message type " + type);
      }
      if (first < 0) {
        first = timestamp;
      }
      int start = pos + TAG_HEADER_SIZE;
      long rebased = (aggregate.timestamp() + timestamp - first) & 0xFFFFFFFFL;
      out.add(
          new RawMessage(
              aggregate.chunkStreamId(),
              type,
              aggregate.messageStreamId(),
              rebased,
              Arrays.copyOfRange(p, start, start + size)));
      pos = start + size;
      pos += Math.min(BACK_POINTER_SIZE, p.length - pos);
    }
    return out;
  }

  @Override
  public byte[] encode() {
    return payload;
  }

  @Override
  public MessageType type() {
    return MessageType.AGGREGATE;
  }
}
