package io.rtmpt.engine.live;

/** The side that feeds a live stream; the registry only needs to name it and to stop it. */
public interface Publisher {
  /** Who publishes, for logs and the console (for example "rtmp 10.0.0.7:51234"). */
  String describe();

  /** Ends the publish (operator action); the publisher's connection is closed. */
  void stop(String reason);
}
