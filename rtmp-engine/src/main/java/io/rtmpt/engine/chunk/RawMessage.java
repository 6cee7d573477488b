package io.rtmpt.engine.chunk;

import java.util.Arrays;

/**
 * One reassembled RTMP message, as it travels on a chunk stream.
 *
 * <p>The payload array is handed over, not copied: the decoder creates a fresh array per message
 * and the encoder only reads it, so neither side may change it afterwards. {@link #equals} and
 * {@link #hashCode} compare payload contents, not array identity.
 *
 * @param chunkStreamId chunk stream the message travels on, 2..65599
 * @param messageTypeId message type id, 0..255 (named by {@code
 *     io.rtmpt.engine.message.MessageType})
 * @param messageStreamId message stream id (the u32 of the type 0 header, held in an int)
 * @param timestamp unsigned 32-bit milliseconds held in a long (0..0xFFFFFFFF)
 * @param payload the message body
 */
public record RawMessage(
    int chunkStreamId, int messageTypeId, int messageStreamId, long timestamp, byte[] payload) {

  @Override
  public boolean equals(Object other) {
    return other instanceof RawMessage m
        && chunkStreamId == m.chunkStreamId
        && messageTypeId == m.messageTypeId
        && messageStreamId == m.messageStreamId
        && timestamp == m.timestamp
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    int h = chunkStreamId;
    h = 31 * h + messageTypeId;
    h = 31 * h + messageStreamId;
    h = 31 * h + Long.hashCode(timestamp);
    return 31 * h + Arrays.hashCode(payload);
  }

  /** One line: ids, timestamp, payload length and at most the first 16 payload bytes in hex. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("RawMessage[chunkStreamId=")
            .append(chunkStreamId)
            .append(", messageTypeId=")
            .append(messageTypeId)
            .append(", messageStreamId=")
            .append(messageStreamId)
            .append(", timestamp=")
            .append(timestamp);
    if (payload == null) {
      return sb.append(", payload=null]").toString();
    }
    sb.append(", payload=").append(payload.length).append(" bytes ");
    for (int i = 0; i < Math.min(16, payload.length); i++) {
      sb.append(Character.forDigit((payload[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(payload[i] & 0xF, 16));
    }
    return sb.append(payload.length > 16 ? "...]" : "]").toString();
  }
}
