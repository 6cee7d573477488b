package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtmpt.engine.testing.Hex;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Feeds one untrusted input to a reader and checks what may come out: values or an {@link
 * AmfException}, nothing else, within an allocation bound. Values are then printed, hashed,
 * compared with a second decoding, written back (the writer may refuse, with an
 * IllegalArgumentException) and the written bytes read again.
 */
final class AmfProbe {
  /** Decoding may allocate this much plus {@link #ALLOCATION_PER_INPUT_BYTE} per input byte. */
  static final long ALLOCATION_BASE = 64 * 1024;

  static final long ALLOCATION_PER_INPUT_BYTE = 512;

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  long values;
  long failures;
  long writerRefusals;
  long largestAllocation;

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      return threads;
    }
    return null;
  }

  static void assumeAllocationCounting() {
    Assumptions.assumeTrue(THREADS != null, "this JVM does not count allocated bytes per thread");
  }

  /** Bytes allocated by the current thread so far, or 0 where the JVM does not count them. */
  static long allocatedBytes() {
    return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Decodes the inputs once without counting, so that class loading and first-call allocations do
   * not count against the first measured inputs.
   */
  static void warmUp(AmfFormat format, List<byte[]> inputs) {
    for (byte[] input : inputs) {
      try {
        format.reader(ByteBuffer.wrap(input)).readAll();
      } catch (AmfException expected) {
        // only warming up
      }
    }
  }

  void probe(AmfFormat format, byte[] input, String origin) {
    long before = allocatedBytes();
    List<Object> decoded;
    try {
      decoded = format.reader(ByteBuffer.wrap(input)).readAll();
    } catch (AmfException e) {
      failures++;
      checkAllocation(format, input, allocatedBytes() - before, origin);
      return;
    } catch (Throwable t) {
      throw new AssertionError(describe(format, input, origin) + " threw " + t, t);
    }
    values++;
    checkAllocation(format, input, allocatedBytes() - before, origin);
    try {
      exercise(format, input, decoded);
    } catch (Throwable t) {
      throw new AssertionError(describe(format, input, origin) + " decoded, then " + t, t);
    }
  }

  /**
   * Checks the allocation of one decode against the bound. Over the bound, the input is decoded
   * once more and that is checked: the first run of a code path also pays for one-time work (class
   * loading, the bootstrap of a string concatenation site) that is not the input's doing.
   */
  private void checkAllocation(AmfFormat format, byte[] input, long firstRun, String origin) {
    long bound = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * input.length;
    long allocated = firstRun;
    if (allocated > bound) {
      long before = allocatedBytes();
      try {
        format.reader(ByteBuffer.wrap(input)).readAll();
      } catch (AmfException expected) {
        // the outcome was checked on the first run
      }
      allocated = allocatedBytes() - before;
    }
    largestAllocation = Math.max(largestAllocation, allocated);
    long measured = allocated;
    assertTrue(
        measured <= bound,
        () ->
            origin
                + ": decoding "
                + input.length
                + " bytes allocated "
                + measured
                + " bytes: "
                + Hex.encode(input));
  }

  private void exercise(AmfFormat format, byte[] input, List<Object> decoded) throws AmfException {
    String text = AmfGraph.render(decoded);
    assertTrue(
        text.length() <= AmfRenderer.LENGTH_LIMIT + 1,
        () -> "rendered " + text.length() + " characters, over the limit");
    decoded.hashCode();
    List<Object> again = format.reader(ByteBuffer.wrap(input)).readAll();
    if (!AmfGraph.equal(decoded, again) || decoded.hashCode() != again.hashCode()) {
      fail("two decodings differ: " + text);
    }
    byte[] written;
    try {
      written = format.write(decoded);
    } catch (IllegalArgumentException refused) {
      writerRefusals++;
      return;
    }
    format.reader(ByteBuffer.wrap(written)).readAll();
  }

  static String describe(AmfFormat format, byte[] input, String origin) {
    String hex = Hex.encode(input);
    return format
        + " "
        + origin
        + " input "
        + (hex.length() > 2000 ? hex.substring(0, 2000) + "…" : hex);
  }
}
