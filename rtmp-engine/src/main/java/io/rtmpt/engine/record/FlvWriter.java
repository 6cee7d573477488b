package io.rtmpt.engine.record;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.amf.AmfException;
import io.rtmpt.engine.live.MediaFrame;
import io.rtmpt.engine.vod.FlvFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes one FLV file ({@link FlvFormat}) tag by tag: each tag (header, body, PreviousTagSize) goes
 * to the operating system in one write as it arrives, so the file is readable up to its last
 * complete tag even if the process dies (a crash can at worst leave a partial last tag, which
 * players and {@code FlvSource} ignore). The first tag is an onMetaData with the publisher's
 * properties and {@code duration} and {@code filesize} placeholders, filled in by {@link #close}.
 *
 * <p>Not thread-safe: one recorder's writer task uses it.
 */
final class FlvWriter implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private long bytes;
  private long durationOffset = -1;
  private long filesizeOffset = -1;
  private long lastTimestamp;

  private FlvWriter(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Creates {@code path} (which must not exist) and writes the file header and the metadata.
   *
   * @param metadata the publisher's onMetaData body (AMF0), or null
   */
  static FlvWriter create(Path path, byte[] metadata) throws IOException {
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FlvWriter writer = new FlvWriter(path, channel);
    try {
      writer.writeFully(ByteBuffer.wrap(FlvFormat.fileHeader()));
      writer.writeMetadata(metadata);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return writer;
  }

  private void writeMetadata(byte[] publisherMetadata) throws IOException {
    AmfEcmaArray properties = new AmfEcmaArray();
    properties.put("duration", 0.0);
    properties.put("filesize", 0.0);
    properties.putAll(publisherProperties(publisherMetadata));
    properties.put("duration", 0.0); // the placeholders stay first whatever the publisher sent
    properties.put("filesize", 0.0);
    byte[] body = new Amf0Writer().writeAll("onMetaData", properties).toByteArray();
    long bodyStart = bytes + FlvFormat.TAG_HEADER_SIZE;
    durationOffset = bodyStart + numberOffset(body, "duration");
    filesizeOffset = bodyStart + numberOffset(body, "filesize");
    writeTag(FlvFormat.TAG_SCRIPT, 0, body);
  }

  private static Map<String, Object> publisherProperties(byte[] body) {
    if (body == null) {
      return Map.of();
    }
    try {
      List<Object> values = new Amf0Reader(ByteBuffer.wrap(body)).readAll();
      if (values.size() > 1 && values.get(1) instanceof Map<?, ?> map) {
        AmfEcmaArray copy = new AmfEcmaArray();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
      }
    } catch (AmfException e) {
      // unreadable metadata: the file gets ours only
    }
    return Map.of();
  }

  /** Where the 8-byte number of {@code key} starts in an AMF0 body (after its 0x00 marker). */
  private static int numberOffset(byte[] body, String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + 2 + k.length < body.length; i++) {
      if (body[i] != 0 || body[i + 1] != k.length) {
        continue;
      }
      for (int j = 0; j < k.length; j++) {
        if (body[i + 2 + j] != k[j]) {
          continue outer;
        }
      }
      return i + 2 + k.length + 1;
    }
    throw new IllegalStateException("no " + key + " in the metadata just written");
  }

  /** Appends one frame at {@code timestamp} (ms from the start of this file). */
  void write(MediaFrame frame, long timestamp) throws IOException {
    writeTag(FlvFormat.tagType(frame.kind()), timestamp, frame.payload());
  }

  private void writeTag(int type, long timestamp, byte[] body) throws IOException {
    ByteBuffer header = FlvFormat.tagHeader(type, body.length, timestamp);
    ByteBuffer trailer = ByteBuffer.allocate(FlvFormat.PREVIOUS_TAG_SIZE);
    trailer.putInt(FlvFormat.TAG_HEADER_SIZE + body.length).flip();
    ByteBuffer[] tag = {header, ByteBuffer.wrap(body), trailer};
    long total = header.remaining() + body.length + trailer.remaining();
    long written = 0;
    while (written < total) {
      written += channel.write(tag);
    }
    bytes += total;
    lastTimestamp = Math.max(lastTimestamp, timestamp);
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      bytes += channel.write(buffer);
    }
  }

  /** Bytes written so far. */
  long bytes() {
    return bytes;
  }

  /** The largest timestamp written, in ms: the file's duration. */
  long durationMillis() {
    return lastTimestamp;
  }

  Path path() {
    return path;
  }

  /** Fills in duration and file size, then closes the file. */
  @Override
  public void close() throws IOException {
    try {
      if (durationOffset >= 0) {
        ByteBuffer number = ByteBuffer.allocate(8);
        number.putDouble(lastTimestamp / 1000.0).flip();
        channel.write(number, durationOffset);
        number.clear();
        number.putDouble(bytes).flip();
        channel.write(number, filesizeOffset);
      }
    } finally {
      channel.close();
    }
  }
}
