package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.Replies;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.Subscriber;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.UserControl;

/**
 * One NetStream that plays a live stream: the player's side of the fan-out.
 *
 * <p>Frames wait in the session's {@link OutboundQueue}, at most {@code maxQueueBytes} of them.
 * When a player cannot keep up, whole frames are dropped for it alone: audio frames that do not
 * fit, and video from the frame that did not fit up to the next keyframe that does (an inter frame
 * without its references would only produce decoder errors). Sequence headers and metadata are
 * never dropped; should they alone overflow twice the limit, the player is disconnected. Timestamps
 * continue without a jump backwards when a new publisher takes over the name.
 *
 * <p>State is guarded by the queue's lock; the Subscriber calls arrive under the stream's lock.
 */
final class PlayStream implements Subscriber {
  private final ServerSession session;
  private final OutboundQueue out;
  private final int streamId;
  private final StreamKey key;
  private final int maxQueueBytes;
  private final boolean amf3;
  private LiveStream live;

  private long queuedBytes;
  private boolean waitForKeyframe = true;
  private boolean paused;
  private boolean receiveAudio = true;
  private boolean receiveVideo = true;
  private boolean subscribed;
  private boolean rebase;
  private long offset;
  private long lastTimestamp = -1;
  private int droppedSinceWakeUp;
  private long dropped;

  PlayStream(
      ServerSession session,
      OutboundQueue out,
      int streamId,
      StreamKey key,
      int maxQueueBytes,
      boolean amf3) {
    this.session = session;
    this.out = out;
    this.streamId = streamId;
    this.key = key;
    this.maxQueueBytes = maxQueueBytes;
    this.amf3 = amf3;
  }

  int streamId() {
    return streamId;
  }

  StreamKey key() {
    return key;
  }

  LiveStream live() {
    return live;
  }

  /** Called once registry.subscribe returned: later publishers are announced to the player. */
  void subscribed(LiveStream stream) {
    out.lock().lock();
    try {
      live = stream;
      subscribed = true;
    } finally {
      out.lock().unlock();
    }
  }

  @Override
  public void onPublish(StreamKey key) {
    out.lock().lock();
    try {
      waitForKeyframe = true;
      rebase = lastTimestamp >= 0;
      if (subscribed) {
        control(UserControl.streamBegin(streamId));
        status(StatusCode.PLAY_PUBLISH_NOTIFY, key + " is now published");
      }
    } finally {
      out.lock().unlock();
    }
  }

  @Override
  public void onUnpublish(StreamKey key) {
    out.lock().lock();
    try {
      status(StatusCode.PLAY_UNPUBLISH_NOTIFY, key + " is now unpublished");
    } finally {
      out.lock().unlock();
    }
  }

  @Override
  public void onFrame(MediaFrame frame) {
    out.lock().lock();
    try {
      offer(frame);
    } finally {
      out.lock().unlock();
    }
  }

  private void offer(MediaFrame frame) {
    boolean essential = frame.essential();
    boolean video = frame.kind() == MediaFrame.Kind.VIDEO;
    if (!essential) {
      if (paused
          || (video && !receiveVideo)
          || (frame.kind() == MediaFrame.Kind.AUDIO && !receiveAudio)) {
        waitForKeyframe |= video;
        return;
      }
      if (video && waitForKeyframe && !frame.keyframe()) {
        drop();
        return;
      }
    }
    int size = frame.payload().length;
    if (queuedBytes + size > maxQueueBytes) {
      if (!essential) {
        waitForKeyframe |= video;
        drop();
        return;
      }
      if (queuedBytes + size > 2L * maxQueueBytes) {
        session.requestClose("player queue overflow (" + queuedBytes + " bytes queued)");
        return;
      }
    }
    if (video && frame.keyframe()) {
      waitForKeyframe = false;
    }
    if (rebase) {
      offset = lastTimestamp + 1 - frame.timestamp();
      rebase = false;
    }
    long timestamp = (frame.timestamp() + offset) & 0xFFFFFFFFL;
    lastTimestamp = timestamp;
    int chunkStream =
        switch (frame.kind()) {
          case AUDIO -> ChunkStreams.AUDIO;
          case VIDEO -> ChunkStreams.VIDEO;
          case DATA -> ChunkStreams.DATA;
        };
    queuedBytes += size;
    out.addMediaLocked(
        new RawMessage(
            chunkStream, frame.kind().messageType().code(), streamId, timestamp, frame.payload()),
        this);
  }

  private void drop() {
    droppedSinceWakeUp++;
    dropped++;
  }

  @Override
  public void wakeUp() {
    int droppedNow;
    out.lock().lock();
    try {
      droppedNow = droppedSinceWakeUp;
      droppedSinceWakeUp = 0;
    } finally {
      out.lock().unlock();
    }
    session.outboundReady(droppedNow);
  }

  void dequeuedLocked(int bytes) {
    queuedBytes -= bytes;
  }

  long queuedBytes() {
    out.lock().lock();
    try {
      return queuedBytes;
    } finally {
      out.lock().unlock();
    }
  }

  long dropped() {
    out.lock().lock();
    try {
      return dropped;
    } finally {
      out.lock().unlock();
    }
  }

  /** NetStream.pause: while paused nothing but headers is queued; resumes at a keyframe. */
  void pause(boolean pause) {
    out.lock().lock();
    try {
      paused = pause;
      waitForKeyframe = true;
      status(
          pause ? StatusCode.PAUSE_NOTIFY : StatusCode.UNPAUSE_NOTIFY,
          (pause ? "paused " : "unpaused ") + key);
    } finally {
      out.lock().unlock();
    }
  }

  void receiveAudio(boolean receive) {
    out.lock().lock();
    try {
      receiveAudio = receive;
    } finally {
      out.lock().unlock();
    }
  }

  void receiveVideo(boolean receive) {
    out.lock().lock();
    try {
      receiveVideo = receive;
      waitForKeyframe = true;
    } finally {
      out.lock().unlock();
    }
  }

  private void control(UserControl message) {
    out.addMediaLocked(MessageCodec.toRaw(message, ChunkStreams.CONTROL, 0, 0), null);
  }

  private void status(String code, String description) {
    out.addMediaLocked(
        MessageCodec.toRaw(
            Replies.onStatus(StatusCode.LEVEL_STATUS, code, description, amf3),
            ChunkStreams.COMMAND,
            streamId,
            0),
        null);
  }
}
