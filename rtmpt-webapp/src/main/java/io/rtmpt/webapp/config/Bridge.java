package io.rtmpt.webapp.config;

/** Where tunnels lead. */
public enum Bridge {
  /** The in-process RTMP engine (streams shared with the native RTMP listener). */
  ENGINE,
  /** A backend RTMP server over TCP (nginx-rtmp, SRS, Wowza, Red5...). */
  BACKEND
}
