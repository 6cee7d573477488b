package io.rtmpt.webapp.admin;

import io.rtmpt.engine.live.StreamSnapshot;

/**
 * One live stream of the engine.
 *
 * @param id app/name
 * @param app the application
 * @param name the stream name
 * @param publisher who publishes (transport, address, engine session), or null while players wait
 * @param publisherSessionId the publisher's {@link SessionRow#id()}, or null
 * @param publishedAt when the publish started (epoch millis), 0 without publisher
 * @param videoCodec e.g. h264, or null when unknown
 * @param audioCodec e.g. aac, or null when unknown
 * @param width from the stream's metadata, 0 when unknown
 * @param height from the stream's metadata, 0 when unknown
 * @param frameRate from the stream's metadata, 0 when unknown
 * @param bitsPerSecond recent inbound bitrate
 * @param bytesIn media bytes received
 * @param frames media frames received
 * @param players players attached
 * @param recording true while the stream is recorded, false when not, null when recording is off
 */
public record StreamRow(
    String id,
    String app,
    String name,
    String publisher,
    String publisherSessionId,
    long publishedAt,
    String videoCodec,
    String audioCodec,
    int width,
    int height,
    double frameRate,
    long bitsPerSecond,
    long bytesIn,
    long frames,
    int players,
    Boolean recording) {
  /**
   * The row of a stream; {@code publisherSessionId} is its publisher's session row, or null; {@code
   * recording} as the component says.
   */
  static StreamRow of(StreamSnapshot s, String publisherSessionId, Boolean recording) {
    return new StreamRow(
        s.app() + "/" + s.name(),
        s.app(),
        s.name(),
        s.publisher(),
        publisherSessionId,
        s.publishedAtMillis(),
        s.videoCodec(),
        s.audioCodec(),
        (int) Math.round(s.width()),
        (int) Math.round(s.height()),
        s.frameRate(),
        s.bitsPerSecond(),
        s.bytesIn(),
        s.frames(),
        s.players(),
        recording);
  }
}
