package io.rtmpt.engine.live;

/**
 * An immutable view of one live stream for the console and the API. Numbers that are unknown are 0;
 * codecs that are unknown are null. Bitrate is measured over the last few seconds.
 */
public record StreamSnapshot(
    String app,
    String name,
    String publisher,
    long publishedAtMillis,
    String videoCodec,
    String audioCodec,
    double width,
    double height,
    double frameRate,
    long bitsPerSecond,
    long bytesIn,
    long frames,
    int players,
    int cachedFrames) {
  public boolean publishing() {
    return publisher != null;
  }
}
