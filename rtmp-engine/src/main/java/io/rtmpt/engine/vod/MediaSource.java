package io.rtmpt.engine.vod;

import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.live.MediaFrame;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A media file opened for playing: its index of samples in decoding order, its metadata and its
 * sequence headers, whatever the container ({@link FlvSource}, {@link Mp4Source}). Only the index
 * is kept in memory; each sample is read from the file when it is played ({@link #read}).
 *
 * <p>Not thread-safe: one {@link VodPlayer} uses it under its lock.
 */
public abstract sealed class MediaSource implements Closeable permits FlvSource, Mp4Source {
  /**
   * One sample of the file.
   *
   * @param kind audio, video or data (cue points)
   * @param timestamp decoding time in ms from the start of the file
   * @param keyframe a video keyframe (a place to start or seek to)
   * @param offset where the sample's bytes start in the file
   * @param size how many bytes it has there
   * @param compositionTime presentation minus decoding time in ms (H.264 with B-frames), else 0
   */
  record Sample(
      MediaFrame.Kind kind,
      long timestamp,
      boolean keyframe,
      long offset,
      int size,
      int compositionTime) {}

  private final FileChannel channel;
  private final List<Sample> samples;
  private final List<MediaFrame> sequenceHeaders;
  private final Map<String, Object> metadata;

  MediaSource(
      FileChannel channel,
      List<Sample> samples,
      List<MediaFrame> sequenceHeaders,
      Map<String, Object> metadata) {
    this.channel = channel;
    this.samples = List.copyOf(samples);
    this.sequenceHeaders = List.copyOf(sequenceHeaders);
    this.metadata = metadata;
  }

  /**
   * Opens {@code file} by what its first bytes say: {@code FLV} is an FLV file, anything else is
   * read as MP4 (ISO base media file).
   *
   * @throws IOException the file cannot be read or is neither a playable FLV nor an MP4 with H.264
   *     or AAC
   */
  public static MediaSource open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer magic = ByteBuffer.allocate(3);
      channel.read(magic, 0);
      if (magic.position() == 3
          && magic.get(0) == 'F'
          && magic.get(1) == 'L'
          && magic.get(2) == 'V') {
        return FlvSource.read(channel);
      }
      return Mp4Source.read(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The duration in ms: the last sample's timestamp. */
  public long durationMillis() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).timestamp();
  }

  /**
   * The onMetaData a player receives first, as an AMF0 data message body: the file's own
   * properties, with {@code duration} (seconds) set from the index.
   */
  public MediaFrame metadataFrame(long timestamp) {
    AmfEcmaArray properties = new AmfEcmaArray();
    properties.putAll(metadata);
    properties.put("duration", durationMillis() / 1000.0);
    byte[] body = new Amf0Writer().writeAll("onMetaData", properties).toByteArray();
    return MediaFrame.data(timestamp, body);
  }

  /** The decoder configurations (AVC, AAC) to send before the first sample and after a seek. */
  public List<MediaFrame> sequenceHeaders(long timestamp) {
    return sequenceHeaders.stream()
        .map(
            f -> new MediaFrame(f.kind(), timestamp, f.payload(), f.keyframe(), f.sequenceHeader()))
        .toList();
  }

  /** Samples in the index. */
  public int size() {
    return samples.size();
  }

  /** The timestamp of sample {@code index}, in ms. */
  public long timestamp(int index) {
    return samples.get(index).timestamp();
  }

  /**
   * Where to start playing for a position of {@code millis}: the last video keyframe at or before
   * it (the first sample when there is none); for a file without video, the first sample at or
   * after it. A position past the end gives {@link #size()}.
   */
  public int indexAt(long millis) {
    boolean video = false;
    int keyframe = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.kind() == MediaFrame.Kind.VIDEO) {
        video = true;
        if (s.keyframe() && s.timestamp() <= millis) {
          keyframe = i;
        }
      }
    }
    if (video) {
      return keyframe;
    }
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).timestamp() >= millis) {
        return i;
      }
    }
    return samples.size();
  }

  /**
   * Reads sample {@code index} from the file as the FLV tag body a player receives.
   *
   * @throws IOException the file cannot be read there (it shrank, or the disk failed)
   */
  public MediaFrame read(int index) throws IOException {
    Sample s = samples.get(index);
    int prefix = prefixLength(s);
    ByteBuffer body = ByteBuffer.allocate(prefix + s.size());
    writePrefix(s, body);
    long position = s.offset();
    while (body.hasRemaining()) {
      int n = channel.read(body, position);
      if (n < 0) {
        throw new EOFException("file ends inside the sample at offset " + s.offset());
      }
      position += n;
    }
    byte[] payload = body.array();
    return switch (s.kind()) {
      case AUDIO -> MediaFrame.audio(s.timestamp(), payload);
      case VIDEO -> MediaFrame.video(s.timestamp(), payload);
      case DATA -> MediaFrame.data(s.timestamp(), payload);
    };
  }

  /** Bytes the container adds in front of a sample to make it an FLV tag body (MP4: 2 or 5). */
  abstract int prefixLength(Sample sample);

  /** Writes those bytes. */
  abstract void writePrefix(Sample sample, ByteBuffer body);

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
