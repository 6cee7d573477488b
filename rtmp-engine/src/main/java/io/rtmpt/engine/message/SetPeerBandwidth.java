package io.rtmpt.engine.message;

/** Protocol control message 6: output bandwidth limit; limit type 0 hard, 1 soft, 2 dynamic. */
public record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {
  public static final int HARD = 0;
  public static final int SOFT = 1;
  public static final int DYNAMIC = 2;

  @Override
  public MessageType type() {
    return MessageType.SET_PEER_BANDWIDTH;
  }
}
