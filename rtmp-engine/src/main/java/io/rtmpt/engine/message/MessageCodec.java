package io.rtmpt.engine.message;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Converts between reassembled {@link RawMessage}s and typed {@link RtmpMessage}s. */
public final class MessageCodec {
  /** Bytes of an FLV tag header inside an aggregate message. */
  private static final int TAG_HEADER_SIZE = 11;

  private static final int BACK_POINTER_SIZE = 4;

  private MessageCodec() {}

  /** Decodes a message body; a body that does not fit its type is a protocol violation. */
  public static RtmpMessage decode(RawMessage raw) throws RtmpProtocolException {
    MessageType type = MessageType.fromCode(raw.messageTypeId());
    byte[] p = raw.payload();
    return switch (type) {
      case SET_CHUNK_SIZE -> {
        long size = u32(p, 0, type) & 0x7FFFFFFFL;
        if (size < 1) {
          throw new RtmpProtocolException("set chunk size 0 is invalid");
        }
        yield new SetChunkSize((int) size);
      }
      case ABORT -> new Abort((int) u32(p, 0, type));
      case ACKNOWLEDGEMENT -> new Acknowledgement(u32(p, 0, type));
      case WINDOW_ACK_SIZE -> new WindowAckSize(u32(p, 0, type));
      case SET_PEER_BANDWIDTH -> {
        need(p, 5, type);
        yield new SetPeerBandwidth(u32(p, 0, type), p[4] & 0xFF);
      }
      case USER_CONTROL -> decodeUserControl(p);
      case AUDIO -> new AudioData(p);
      case VIDEO -> new VideoData(p);
      case DATA_AMF0 -> new DataMessage(readValues(p, 0), false);
      case DATA_AMF3 -> new DataMessage(readValues(p, amf3Start(p)), true);
      case COMMAND_AMF0 -> decodeCommand(p, 0, false);
      case COMMAND_AMF3 -> decodeCommand(p, amf3Start(p), true);
      case SHARED_OBJECT_AMF0 -> new SharedObjectMessage(p, false);
      case SHARED_OBJECT_AMF3 -> new SharedObjectMessage(p, true);
      case AGGREGATE -> new AggregateMessage(p);
    };
  }

  /** Encodes a message body. */
  public static byte[] encode(RtmpMessage message) {
    if (message instanceof SetChunkSize m) {
      return u32(m.chunkSize());
    } else if (message instanceof Abort m) {
      return u32(m.chunkStreamId());
    } else if (message instanceof Acknowledgement m) {
      return u32(m.sequenceNumber());
    } else if (message instanceof WindowAckSize m) {
      return u32(m.size());
    } else if (message instanceof SetPeerBandwidth m) {
      byte[] b = new byte[5];
      System.arraycopy(u32(m.size()), 0, b, 0, 4);
      b[4] = (byte) m.limitType();
      return b;
    } else if (message instanceof UserControl m) {
      ByteBuffer b = ByteBuffer.allocate(m.eventType() == UserControl.SET_BUFFER_LENGTH ? 10 : 6);
      b.putShort((short) m.eventType()).putInt((int) m.value());
      if (m.eventType() == UserControl.SET_BUFFER_LENGTH) {
        b.putInt((int) m.extra());
      }
      return b.array();
    } else if (message instanceof AudioData m) {
      return m.payload();
    } else if (message instanceof VideoData m) {
      return m.payload();
    } else if (message instanceof AggregateMessage m) {
      return m.payload();
    } else if (message instanceof SharedObjectMessage m) {
      return m.payload();
    } else if (message instanceof DataMessage m) {
      Amf0Writer w = new Amf0Writer();
      for (Object v : m.values()) {
        w.write(v);
      }
      return m.amf3() ? withAmf3Prefix(w.toByteArray()) : w.toByteArray();
    } else if (message instanceof CommandMessage m) {
      Amf0Writer w = new Amf0Writer();
      w.write(m.name()).write(m.transactionId()).write(m.commandObject());
      for (Object v : m.arguments()) {
        w.write(v);
      }
      return m.amf3() ? withAmf3Prefix(w.toByteArray()) : w.toByteArray();
    }
    throw new IllegalArgumentException("cannot encode " + message);
  }

  /** A raw message for the given typed one. */
  public static RawMessage toRaw(
      RtmpMessage message, int chunkStreamId, int messageStreamId, long timestamp) {
    return new RawMessage(
        chunkStreamId, message.type().code(), messageStreamId, timestamp, encode(message));
  }

  /**
   * The messages an aggregate message carries. Each sub-message is an FLV tag (type, 24-bit size,
   * timestamp 24+8 bits, 24-bit stream id, body) followed by a 4-byte back pointer; timestamps are
   * rebased so that the first sub-message has the aggregate's own timestamp.
   */
  public static List<RawMessage> splitAggregate(RawMessage aggregate) throws RtmpProtocolException {
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
      int size = ((p[pos + 1] & 0xFF) << 16) | ((p[pos + 2] & 0xFF) << 8) | (p[pos + 3] & 0xFF);
      long ts =
          ((p[pos + 4] & 0xFFL) << 16)
              | ((p[pos + 5] & 0xFFL) << 8)
              | (p[pos + 6] & 0xFFL)
              | ((p[pos + 7] & 0xFFL) << 24);
      if (size > p.length - pos - TAG_HEADER_SIZE) {
        throw new RtmpProtocolException(
            "aggregate message: sub-message size "
                + size
                + " exceeds remaining "
                + (p.length - pos - TAG_HEADER_SIZE)
                + " bytes");
      }
      if (type != MessageType.AUDIO.code()
          && type != MessageType.VIDEO.code()
          && type != MessageType.DATA_AMF0.code()) {
        throw new RtmpProtocolException("aggregate message: unsupported sub-message type " + type);
      }
      if (first < 0) {
        first = ts;
      }
      byte[] body = new byte[size];
      System.arraycopy(p, pos + TAG_HEADER_SIZE, body, 0, size);
      long rebased = (aggregate.timestamp() + ts - first) & 0xFFFFFFFFL;
      out.add(
          new RawMessage(
              aggregate.chunkStreamId(), type, aggregate.messageStreamId(), rebased, body));
      pos += TAG_HEADER_SIZE + size;
      pos += Math.min(BACK_POINTER_SIZE, p.length - pos);
    }
    return out;
  }

  private static RtmpMessage decodeUserControl(byte[] p) throws RtmpProtocolException {
    need(p, 2, MessageType.USER_CONTROL);
    int event = ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
    long value = p.length >= 6 ? u32(p, 2, MessageType.USER_CONTROL) : 0;
    long extra = 0;
    if (event == UserControl.SET_BUFFER_LENGTH) {
      need(p, 10, MessageType.USER_CONTROL);
      extra = u32(p, 6, MessageType.USER_CONTROL);
    } else if (event <= UserControl.PING_RESPONSE && event != 5) {
      need(p, 6, MessageType.USER_CONTROL);
    }
    return new UserControl(event, value, extra);
  }

  private static CommandMessage decodeCommand(byte[] p, int start, boolean amf3)
      throws RtmpProtocolException {
    List<Object> values = readValues(p, start);
    if (values.isEmpty() || !(values.get(0) instanceof String name)) {
      throw new RtmpProtocolException("command message does not start with a name string");
    }
    double transactionId =
        values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new CommandMessage(name, transactionId, commandObject, arguments, amf3);
  }

  private static List<Object> readValues(byte[] p, int start) throws RtmpProtocolException {
    return new Amf0Reader(ByteBuffer.wrap(p, start, p.length - start)).readAll();
  }

  /** AMF3 command and data messages start with a 0x00 format byte before the AMF0 values. */
  private static int amf3Start(byte[] p) {
    return p.length > 0 && p[0] == 0 ? 1 : 0;
  }

  private static byte[] withAmf3Prefix(byte[] amf0) {
    byte[] b = new byte[amf0.length + 1];
    System.arraycopy(amf0, 0, b, 1, amf0.length);
    return b;
  }

  private static void need(byte[] p, int n, MessageType type) throws RtmpProtocolException {
    if (p.length < n) {
      throw new RtmpProtocolException(
          type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " message of "
              + p.length
              + " bytes, expected "
              + n);
    }
  }

  private static long u32(byte[] p, int offset, MessageType type) throws RtmpProtocolException {
    need(p, offset + 4, type);
    return ((p[offset] & 0xFFL) << 24)
        | ((p[offset + 1] & 0xFFL) << 16)
        | ((p[offset + 2] & 0xFFL) << 8)
        | (p[offset + 3] & 0xFFL);
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
