package io.rtmpt.webapp.tunnel;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Opens {@link FakePeer}s and keeps every one it opened, in order; can fail the next open. */
final class FakePeerFactory implements TunnelPeerFactory {

  private final List<FakePeer> peers = new CopyOnWriteArrayList<>();
  private volatile FakePeer.Mode mode = FakePeer.Mode.ECHO;
  private volatile IOException nextFailure;

  void mode(FakePeer.Mode mode) {
    this.mode = mode;
  }

  void failNextOpen(IOException failure) {
    this.nextFailure = failure;
  }

  @Override
  public TunnelPeer open(TunnelClient client, Runnable onReadable) throws IOException {
    IOException failure = nextFailure;
    if (failure != null) {
      nextFailure = null;
      throw failure;
    }
    FakePeer peer = new FakePeer(client, mode, onReadable);
    peers.add(peer);
    return peer;
  }

  /** The peer of the session with this id. */
  FakePeer peer(String sessionId) {
    for (FakePeer peer : peers) {
      if (peer.client().sessionId().equals(sessionId)) {
        return peer;
      }
    }
    throw new AssertionError("no peer was opened for session " + sessionId);
  }

  List<FakePeer> peers() {
    return List.copyOf(peers);
  }
}
