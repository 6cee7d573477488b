package io.rtmpt.engine.amf;

/**
 * A class that AMF payloads in {@link AmfClassLoadingTest} name. It must never be loaded by the
 * readers: its initialisation and construction announce themselves on standard output and in a
 * system property, and only {@link AmfClassLoadingMain}'s control run (which loads it on purpose)
 * may trigger them. Never refer to it by class literal outside that control run.
 */
public final class AmfCanary {
  /** Set to "initialised" by the static initialiser, then to "instantiated" by the constructor. */
  public static final String PROPERTY = "io.rtmpt.engine.amf.canary";

  static {
    System.setProperty(PROPERTY, "initialised");
    System.out.println("AMF CANARY INITIALISED");
  }

  public AmfCanary() {
    System.setProperty(PROPERTY, "instantiated");
    System.out.println("AMF CANARY INSTANTIATED");
  }
}
