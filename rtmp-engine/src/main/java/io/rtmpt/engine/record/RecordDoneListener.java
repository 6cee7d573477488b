package io.rtmpt.engine.record;

/**
 * Told each time a recording file is closed, like nginx-rtmp's {@code on_record_done}, and each
 * time its MP4 copy is complete (reason "remuxed to MP4"): the hook for an HTTP notification (the
 * gateway wires its callback client here). Called on a recording writer thread (or the MP4 copy's),
 * after the file is complete on disk; may block briefly, must not throw.
 */
@FunctionalInterface
public interface RecordDoneListener {
  /** Does nothing. */
  RecordDoneListener NONE = file -> {};

  void recordDone(RecordedFile file);
}
