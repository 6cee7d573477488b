package io.rtmpt.engine.message;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/** Body helpers the message records share: length checks, u32 fields, AMF value lists. */
final class MessageBodies {
  private MessageBodies() {}

  /** Fails unless the body of a {@code type} message has at least {@code n} bytes. */
  static void need(byte[] body, int n, MessageType type) throws RtmpProtocolException {
    if (body.length < n) {
      throw new RtmpProtocolException(
          type.name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " message of "
              + body.length
              + " bytes, expected "
              + n);
    }
  }

  /** The u32 at {@code offset} of a {@code type} body, after checking the body is long enough. */
  static long u32(byte[] body, int offset, MessageType type) throws RtmpProtocolException {
    need(body, offset + 4, type);
    return Bytes.u32(body, offset);
  }

  /** A 4-byte body holding {@code value} as u32. */
  static byte[] u32(long value) {
    byte[] b = new byte[4];
    Bytes.putU32(b, 0, value);
    return b;
  }

  /**
   * The AMF0 values of a command or data body. AMF3 command and data messages (types 17 and 15)
   * start with a 0x00 format byte and then carry AMF0 values that may switch to AMF3 one by one.
   */
  static List<Object> readValues(byte[] body, boolean amf3) throws RtmpProtocolException {
    int start = amf3 && body.length > 0 && body[0] == 0 ? 1 : 0;
    return new Amf0Reader(ByteBuffer.wrap(body, start, body.length - start)).readAll();
  }

  /** The body for {@code values}: AMF0, behind the 0x00 format byte when {@code amf3}. */
  static byte[] writeValues(List<?> values, boolean amf3) {
    Amf0Writer w = new Amf0Writer();
    for (Object v : values) {
      w.write(v);
    }
    byte[] amf0 = w.toByteArray();
    if (!amf3) {
      return amf0;
    }
    byte[] b = new byte[amf0.length + 1];
    System.arraycopy(amf0, 0, b, 1, amf0.length);
    return b;
  }
}
