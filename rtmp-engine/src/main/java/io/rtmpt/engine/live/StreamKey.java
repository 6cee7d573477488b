package io.rtmpt.engine.live;

import java.util.Objects;

/** A live stream's identity: the application a client connected to and the stream name. */
public record StreamKey(String app, String name) {
  public StreamKey {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return app + "/" + name;
  }
}
