package io.rtmpt.engine.session;

/** How a client reaches the engine; shown in the console and used as a metrics label. */
public enum Transport {
  RTMP("rtmp"),
  RTMPS("rtmps"),
  RTMPT("rtmpt"),
  RTMPTS("rtmpts");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * True for the RTMPT tunnels, whose sessions the engine ticks itself; the TCP listener ticks the
   * sessions of RTMP and RTMPS on their event loops.
   */
  public boolean tunnelled() {
    return this == RTMPT || this == RTMPTS;
  }
}
