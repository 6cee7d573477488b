package io.rtmpt.engine.command;

/** Stream name normalisation shared by publish and play. */
public final class StreamNames {
  private StreamNames() {}

  /**
   * The stream name without its query string ({@code key?token=...} names the stream {@code key})
   * and without surrounding whitespace.
   */
  public static String strip(String name) {
    int query = name.indexOf('?');
    return (query >= 0 ? name.substring(0, query) : name).trim();
  }
}
