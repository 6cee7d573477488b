package io.rtmpt.engine.session;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.vod.VodPlayer;
import io.rtmpt.engine.vod.VodSink;
import java.util.function.IntConsumer;

/**
 * One NetStream that plays a file: the RTMP face of a {@link VodPlayer}. The messages follow
 * nginx-rtmp's play module (ngx_rtmp_play_module.c) and Red5, what Flash, ffmpeg and rtmpdump
 * expect:
 *
 * <ul>
 *   <li>play: Stream Begin, NetStream.Play.Reset (when asked), NetStream.Play.Start, Stream Is
 *       Recorded, {@code |RtmpSampleAccess} (sent by {@code NetStreamCommands}), then onMetaData
 *       with the duration, the sequence headers and the samples;
 *   <li>seek: Stream EOF, NetStream.Seek.Notify, Stream Begin, NetStream.Play.Start, then
 *       onMetaData, sequence headers and samples from the keyframe at or before the target;
 *   <li>pause / unpause: NetStream.Pause.Notify / NetStream.Unpause.Notify;
 *   <li>end of file: Stream EOF, {@code onPlayStatus} NetStream.Play.Complete (a data message with
 *       the duration), then NetStream.Play.Stop; a file that cannot be read: NetStream.Play.Failed
 *       and NetStream.Play.Stop.
 * </ul>
 *
 * <p>Timestamps are the file's (after a seek they continue from the seek position, as FMS does).
 * Messages are queued under the outbound queue's lock, which also guards {@code queuedBytes}; calls
 * arrive under the player's lock (see the package documentation for the order).
 */
final class VodStream implements NetStream, VodSink, OutboundQueue.MediaOwner {
  private final int streamId;
  private final StreamKey key;
  private final OutboundQueue out;
  private final Responder responder;
  private final IntConsumer wakeUp;
  private VodPlayer player;
  private long queuedBytes;

  /**
   * @param wakeUp tells the session that bytes are ready (called without the queue lock)
   */
  VodStream(
      int streamId, StreamKey key, OutboundQueue out, Responder responder, IntConsumer wakeUp) {
    this.streamId = streamId;
    this.key = key;
    this.out = out;
    this.responder = responder;
    this.wakeUp = wakeUp;
  }

  /** The player this stream shows; set once, before it starts. */
  void attach(VodPlayer vodPlayer) {
    this.player = vodPlayer;
  }

  @Override
  public int streamId() {
    return streamId;
  }

  StreamKey key() {
    return key;
  }

  VodPlayer player() {
    return player;
  }

  /** Ends playback (closeStream, deleteStream, a new play, the session closed). */
  void stop() {
    player.stop();
  }

  @Override
  public long queuedBytes() {
    out.lock().lock();
    try {
      return queuedBytes;
    } finally {
      out.lock().unlock();
    }
  }

  @Override
  public void dequeuedLocked(int bytes) {
    queuedBytes -= bytes;
  }

  @Override
  public void frame(MediaFrame frame) {
    out.lock().lock();
    try {
      queuedBytes += frame.payload().length;
      int type = frame.kind().messageType().code();
      out.addMediaLocked(
          new RawMessage(
              ChunkStreams.of(frame.kind()), type, streamId, frame.timestamp(), frame.payload()),
          this);
    } finally {
      out.lock().unlock();
    }
    wakeUp.accept(0);
  }

  @Override
  public void seeked(long positionMillis) {
    out.lock().lock();
    try {
      control(UserControl.streamEof(streamId));
      status(StatusCode.LEVEL_STATUS, StatusCode.SEEK_NOTIFY, "Seeking " + positionMillis + " ms");
      control(UserControl.streamBegin(streamId));
      status(StatusCode.LEVEL_STATUS, StatusCode.PLAY_START, "Started playing " + key);
    } finally {
      out.lock().unlock();
    }
    wakeUp.accept(0);
  }

  @Override
  public void paused(boolean paused, long positionMillis) {
    out.lock().lock();
    try {
      String code = paused ? StatusCode.PAUSE_NOTIFY : StatusCode.UNPAUSE_NOTIFY;
      status(StatusCode.LEVEL_STATUS, code, (paused ? "Paused " : "Unpaused ") + key);
    } finally {
      out.lock().unlock();
    }
    wakeUp.accept(0);
  }

  @Override
  public void completed(long durationMillis) {
    out.lock().lock();
    try {
      control(UserControl.streamEof(streamId));
      AmfObject info =
          AmfObject.of(
              "level",
              StatusCode.LEVEL_STATUS,
              "code",
              StatusCode.PLAY_COMPLETE,
              "duration",
              durationMillis / 1000.0,
              "bytes",
              0.0);
      DataMessage playStatus = DataMessage.of("onPlayStatus", info);
      out.addMediaLocked(MessageCodec.toRaw(playStatus, ChunkStreams.DATA, streamId, 0), null);
      status(StatusCode.LEVEL_STATUS, StatusCode.PLAY_STOP, "Stopped playing " + key);
    } finally {
      out.lock().unlock();
    }
    wakeUp.accept(0);
  }

  @Override
  public void failed(String reason) {
    out.lock().lock();
    try {
      status(StatusCode.LEVEL_ERROR, StatusCode.PLAY_FAILED, reason);
      status(StatusCode.LEVEL_STATUS, StatusCode.PLAY_STOP, "Stopped playing " + key);
    } finally {
      out.lock().unlock();
    }
    wakeUp.accept(0);
  }

  private void control(UserControl message) {
    out.addMediaLocked(Responder.controlMessage(message), null);
  }

  private void status(String level, String code, String description) {
    out.addMediaLocked(responder.statusMessage(streamId, level, code, description), null);
  }
}
