package io.rtmpt.engine.message;

import io.rtmpt.engine.protocol.RtmpProtocolException;

/**
 * Protocol control message 6: the peer's output bandwidth limit.
 *
 * @param size window acknowledgement size the peer should use, in bytes (u32)
 * @param limitType {@link #HARD}, {@link #SOFT} or {@link #DYNAMIC} (u8)
 */
public record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {
  public static final int HARD = 0;
  public static final int SOFT = 1;
  public static final int DYNAMIC = 2;

  static SetPeerBandwidth decode(byte[] body) throws RtmpProtocolException {
    MessageBodies.need(body, 5, MessageType.SET_PEER_BANDWIDTH);
    return new SetPeerBandwidth(
        MessageBodies.u32(body, 0, MessageType.SET_PEER_BANDWIDTH), body[4] & 0xFF);
  }

  @Override
  public byte[] encode() {
    byte[] b = new byte[5];
    System.arraycopy(MessageBodies.u32(size), 0, b, 0, 4);
    b[4] = (byte) limitType;
    return b;
  }

  @Override
  public MessageType type() {
    return MessageType.SET_PEER_BANDWIDTH;
  }
}
