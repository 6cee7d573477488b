package io.rtmpt.engine.vod;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.AmfException;
import io.rtmpt.engine.live.Codecs;
import io.rtmpt.engine.live.MediaFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An FLV file ({@link FlvFormat}) indexed tag by tag: the first {@code onMetaData} becomes the
 * file's metadata, the first AVC/AAC sequence headers are sent before any sample (and again after a
 * seek), every other tag is a sample. A truncated last tag (a recording cut short by a crash) and
 * anything after it are ignored; encrypted tags make the file unplayable.
 */
final class FlvSource extends MediaSource {
  private static final Logger LOG = LoggerFactory.getLogger(FlvSource.class);

  /** Tag header plus the first two body bytes: enough to classify a tag. */
  private static final int PEEK = FlvFormat.TAG_HEADER_SIZE + 2;

  private FlvSource(
      FileChannel channel,
      List<Sample> samples,
      List<MediaFrame> headers,
      Map<String, Object> metadata) {
    super(channel, samples, headers, metadata);
  }

  static FlvSource read(FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer header = ByteBuffer.allocate(FlvFormat.HEADER_SIZE);
    channel.read(header, 0);
    if (header.position() < FlvFormat.HEADER_SIZE) {
      throw new IOException("FLV header truncated");
    }
    long position = header.getInt(5) & 0xFFFFFFFFL;
    if (position < FlvFormat.HEADER_SIZE || position > size) {
      throw new IOException("FLV header size " + position + " is not within 9.." + size);
    }
    position += FlvFormat.PREVIOUS_TAG_SIZE;
    List<Sample> samples = new ArrayList<>();
    List<MediaFrame> headers = new ArrayList<>();
    Map<String, Object> metadata = null;
    boolean videoHeader = false;
    boolean audioHeader = false;
    ByteBuffer peek = ByteBuffer.allocate(PEEK);
    while (position + FlvFormat.TAG_HEADER_SIZE <= size) {
      peek.clear();
      channel.read(peek, position);
      peek.flip();
      int type = peek.get(0) & 0xFF;
      int dataSize = FlvFormat.dataSize(peek);
      long timestamp = FlvFormat.timestamp(peek);
      long body = position + FlvFormat.TAG_HEADER_SIZE;
      long next = body + dataSize + FlvFormat.PREVIOUS_TAG_SIZE;
      if (next > size) {
        LOG.info("FLV ends in a truncated tag at offset {}: played up to the tag before", position);
        break;
      }
      if ((type & FlvFormat.TAG_FILTER) != 0) {
        throw new IOException("encrypted FLV tags (filter bit) are not supported");
      }
      byte[] first = new byte[Math.min(2, dataSize)];
      peek.position(FlvFormat.TAG_HEADER_SIZE);
      peek.get(first, 0, Math.min(first.length, peek.remaining()));
      switch (type) {
        case FlvFormat.TAG_VIDEO -> {
          if (!videoHeader && Codecs.isVideoSequenceHeader(first)) {
            videoHeader = true;
            headers.add(MediaFrame.video(0, bytes(channel, body, dataSize)));
          } else {
            boolean keyframe = Codecs.isVideoKeyframe(first);
            samples.add(new Sample(MediaFrame.Kind.VIDEO, timestamp, keyframe, body, dataSize, 0));
          }
        }
        case FlvFormat.TAG_AUDIO -> {
          if (!audioHeader && Codecs.isAudioSequenceHeader(first)) {
            audioHeader = true;
            headers.add(MediaFrame.audio(0, bytes(channel, body, dataSize)));
          } else {
            samples.add(new Sample(MediaFrame.Kind.AUDIO, timestamp, false, body, dataSize, 0));
          }
        }
        case FlvFormat.TAG_SCRIPT -> {
          Map<String, Object> properties =
              metadata == null ? onMetaData(bytes(channel, body, dataSize)) : null;
          if (properties != null) {
            metadata = properties;
          } else {
            samples.add(new Sample(MediaFrame.Kind.DATA, timestamp, false, body, dataSize, 0));
          }
        }
        default -> LOG.debug("FLV tag of unknown type {} at offset {} skipped", type, position);
      }
      position = next;
    }
    if (samples.isEmpty()) {
      throw new IOException("FLV file has no audio or video");
    }
    return new FlvSource(channel, samples, headers, metadata == null ? Map.of() : metadata);
  }

  /** The properties of an onMetaData script tag, or null when the tag is something else. */
  private static Map<String, Object> onMetaData(byte[] body) {
    try {
      List<Object> values = new Amf0Reader(ByteBuffer.wrap(body)).readAll();
      if (values.size() > 1
          && "onMetaData".equals(values.get(0))
          && values.get(1) instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
      }
    } catch (AmfException e) {
      LOG.debug("unreadable FLV script tag: {}", e.getMessage());
    }
    return null;
  }

  private static byte[] bytes(FileChannel channel, long position, int size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(size);
    while (b.hasRemaining()) {
      if (channel.read(b, position + b.position()) < 0) {
        throw new IOException("FLV ends inside a tag");
      }
    }
    return b.array();
  }

  @Override
  int prefixLength(Sample sample) {
    return 0;
  }

  @Override
  void writePrefix(Sample sample, ByteBuffer body) {
    // FLV tag bodies are what RTMP sends as they are
  }
}
