package io.rtmpt.engine;

import io.rtmpt.engine.session.SessionEvents;

/**
 * Engine events for metrics and the console, one no-op method per event (after okhttp's
 * EventListener): extend it and override what you need. The events and their threads are those of
 * {@link SessionEvents}, which this class implements so that the sessions report straight to it;
 * calls come from transport threads and must be quick.
 */
public abstract class EngineListener implements SessionEvents {
  /** Listens to nothing. */
  public static final EngineListener NONE = new EngineListener() {};
}
