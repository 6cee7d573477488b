package io.rtmpt.engine.session;

import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.Publisher;

/** One NetStream that publishes: the publisher's handle in the registry. */
final class PublishStream implements Publisher {
  private final ServerSession session;
  private final int streamId;
  private LiveStream live;

  PublishStream(ServerSession session, int streamId) {
    this.session = session;
    this.streamId = streamId;
  }

  int streamId() {
    return streamId;
  }

  LiveStream live() {
    return live;
  }

  void attached(LiveStream stream) {
    live = stream;
  }

  @Override
  public String describe() {
    return session.describe();
  }

  @Override
  public void stop(String reason) {
    session.close(reason);
  }
}
