package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.live.LiveStream;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.live.Publisher;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NetStream that publishes: turns the client's audio, video and data messages into {@link
 * MediaFrame}s of its {@link LiveStream}, and is the publisher's handle in the registry. Runs on
 * the session's input thread; {@link #quietNanos} may be read from any (a new publisher of the same
 * name asks it, see {@code NetStreamCommands}).
 */
final class PublishStream implements NetStream, Publisher {
  private static final String SET_DATA_FRAME = "@setDataFrame";
  private static final String ON_META_DATA = "onMetaData";

  private final ServerSession session;
  private final int streamId;
  private final StreamKey key;
  private LiveStream live;
  private volatile long lastFrameNanos;

  /**
   * A publisher of {@code key} on message stream {@code streamId}.
   *
   * @param nowNanos the engine's clock now: the publish counts as a frame, so a new publisher is
   *     quiet only once it has sent nothing for a while
   */
  PublishStream(ServerSession session, int streamId, StreamKey key, long nowNanos) {
    this.session = session;
    this.streamId = streamId;
    this.key = key;
    this.lastFrameNanos = nowNanos;
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

  /** The registry accepted the publish: frames go to {@code stream} from now on. */
  void attached(LiveStream stream) {
    live = stream;
  }

  /** An audio or video message, straight from its raw form to a frame: the payload is shared. */
  void onMedia(RawMessage raw) {
    lastFrameNanos = session.nanoTime();
    MediaFrame frame =
        raw.messageTypeId() == MessageType.AUDIO.code()
            ? MediaFrame.audio(raw.timestamp(), raw.payload())
            : MediaFrame.video(raw.timestamp(), raw.payload());
    live.onFrame(this, frame);
  }

  /**
   * A data message. {@code @setDataFrame} is what an encoder sends to set the stream's metadata:
   * the marker is stripped, so players and late joiners receive the plain {@code onMetaData} an FMS
   * would send them; {@code onMetaData} (with or without the marker) becomes the stream's metadata,
   * its properties feed the console. The frame is always re-encoded as AMF0 (message type 18),
   * whatever encoding the publisher used, since players expect AMF0 data. Other data messages (cue
   * points) pass through live only.
   */
  void onData(long timestamp, DataMessage data) {
    lastFrameNanos = session.nanoTime();
    List<Object> values = data.values();
    if (SET_DATA_FRAME.equals(data.name())) {
      values = values.subList(1, values.size());
    }
    MediaFrame frame = MediaFrame.data(timestamp, new DataMessage(values, false).encode());
    if (values.size() > 1
        && ON_META_DATA.equals(values.get(0))
        && values.get(1) instanceof Map<?, ?> properties) {
      Map<String, Object> copy = new LinkedHashMap<>();
      properties.forEach((k, v) -> copy.put(String.valueOf(k), v));
      live.onMetadata(this, frame, copy);
    } else {
      live.onFrame(this, frame);
    }
  }

  /** How long ago the last audio, video or data message arrived (or the publish began), in ns. */
  long quietNanos(long nowNanos) {
    return nowNanos - lastFrameNanos;
  }

  /** The session that publishes. */
  ServerSession session() {
    return session;
  }

  @Override
  public String describe() {
    return session.describe();
  }

  /** Operator action: ends the publish by closing the publisher's session. */
  @Override
  public void stop(String reason) {
    session.close(reason);
  }
}
