package io.rtmpt.engine.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How a benchmark in this package reports its byte volume: take a {@code ByteCounter} parameter and
 * add the bytes one invocation processed to {@link #bytes}. JMH turns the field into a secondary
 * result "bytes" in bytes per second, from which {@link BenchmarkMain} prints MB/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
  /** Bytes processed in the current iteration. */
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
