package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.live.Subscriber;
import io.rtmpt.engine.message.UserControl;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One NetStream that plays a live stream: the player's side of the fan-out.
 *
 * <p>Frames wait in the session's {@link OutboundQueue}, at most {@code maxQueueBytes} of payload.
 * When a player cannot keep up, whole frames are dropped for it alone: audio frames that do not
 * fit, and video from the frame that did not fit up to the next keyframe that does (an inter frame
 * without its references would only produce decoder errors). Sequence headers and metadata are
 * never dropped; should they alone overflow twice the limit, the session is asked to close.
 * Timestamps continue without a jump backwards when a new publisher takes over the name.
 *
 * <p>State is guarded by the queue's lock; the {@link Subscriber} calls arrive on the publisher's
 * thread under the stream's lock, the commands (pause, receiveAudio...) on the session's input
 * thread.
 */
final class PlayStream implements NetStream, Subscriber, OutboundQueue.MediaOwner {
  private final int streamId;
  private final StreamKey key;
  private final int maxQueueBytes;
  private final OutboundQueue out;
  private final Responder responder;
  private final Consumer<String> closeRequest;
  private final IntConsumer wakeUp;
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

  /**
   * A player of {@code key} on message stream {@code streamId}.
   *
   * @param closeRequest asks the session to close, with the reason (called under the stream lock)
   * @param wakeUp tells the session that bytes are ready and how many frames were dropped since the
   *     last call (called without locks)
   */
  PlayStream(
      int streamId,
      StreamKey key,
      int maxQueueBytes,
      OutboundQueue out,
      Responder responder,
      Consumer<String> closeRequest,
      IntConsumer wakeUp) {
    this.streamId = streamId;
    this.key = key;
    this.maxQueueBytes = maxQueueBytes;
    this.out = out;
    this.responder = responder;
    this.closeRequest = closeRequest;
    this.wakeUp = wakeUp;
  }

  @Override
  public int streamId() {
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
    locked(
        () -> {
          live = stream;
          subscribed = true;
        });
  }

  @Override
  public void onPublish(StreamKey publishedKey) {
    locked(
        () -> {
          waitForKeyframe = true;
          rebase = lastTimestamp >= 0;
          if (subscribed) {
            out.addMediaLocked(Responder.controlMessage(UserControl.streamBegin(streamId)), null);
            status(StatusCode.PLAY_PUBLISH_NOTIFY, publishedKey + " is now published");
          }
        });
  }

  @Override
  public void onUnpublish(StreamKey unpublishedKey) {
    locked(() -> status(StatusCode.PLAY_UNPUBLISH_NOTIFY, unpublishedKey + " is now unpublished"));
  }

  @Override
  public void onFrame(MediaFrame frame) {
    locked(() -> offer(frame));
  }

  /** The drop policy of the class comment, then the frame into the queue with its new timestamp. */
  private void offer(MediaFrame frame) {
    boolean essential = frame.essential();
    boolean video = frame.kind() == MediaFrame.Kind.VIDEO;
    if (!essential) {
      boolean audio = frame.kind() == MediaFrame.Kind.AUDIO;
      if (paused || (video && !receiveVideo) || (audio && !receiveAudio)) {
        waitForKeyframe |= video;
        return;
      }
      if (video && waitForKeyframe && !frame.keyframe()) {
        droppedSinceWakeUp++;
        return;
      }
    }
    int size = frame.payload().length;
    if (queuedBytes + size > maxQueueBytes) {
      if (!essential) {
        waitForKeyframe |= video;
        droppedSinceWakeUp++;
        return;
      }
      if (queuedBytes + size > 2L * maxQueueBytes) {
        closeRequest.accept("player queue overflow (" + queuedBytes + " bytes queued)");
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
    queuedBytes += size;
    int chunkStream = ChunkStreams.of(frame.kind());
    int type = frame.kind().messageType().code();
    out.addMediaLocked(
        new RawMessage(chunkStream, type, streamId, timestamp, frame.payload()), this);
  }

  @Override
  public void wakeUp() {
    wakeUp.accept(
        lockedGet(
            () -> {
              int dropped = droppedSinceWakeUp;
              droppedSinceWakeUp = 0;
              return dropped;
            }));
  }

  /** The queue sent (or dropped on close) {@code bytes} of this player's media; lock held. */
  @Override
  public void dequeuedLocked(int bytes) {
    queuedBytes -= bytes;
  }

  /** Media payload bytes queued for this player now. */
  long queuedBytes() {
    return lockedGet(() -> queuedBytes);
  }

  /** NetStream.pause: while paused nothing but essentials is queued; resumes at a keyframe. */
  void pause(boolean pause) {
    locked(
        () -> {
          paused = pause;
          waitForKeyframe = true;
          status(
              pause ? StatusCode.PAUSE_NOTIFY : StatusCode.UNPAUSE_NOTIFY,
              (pause ? "paused " : "unpaused ") + key);
        });
  }

  /** NetStream.receiveAudio. */
  void receiveAudio(boolean receive) {
    locked(() -> receiveAudio = receive);
  }

  /** NetStream.receiveVideo: video resumes at a keyframe. */
  void receiveVideo(boolean receive) {
    locked(
        () -> {
          receiveVideo = receive;
          waitForKeyframe = true;
        });
  }

  private void status(String code, String description) {
    out.addMediaLocked(
        responder.statusMessage(streamId, StatusCode.LEVEL_STATUS, code, description), null);
  }

  private void locked(Runnable action) {
    lockedGet(
        () -> {
          action.run();
          return null;
        });
  }

  private <T> T lockedGet(Supplier<T> action) {
    out.lock().lock();
    try {
      return action.get();
    } finally {
      out.lock().unlock();
    }
  }
}
