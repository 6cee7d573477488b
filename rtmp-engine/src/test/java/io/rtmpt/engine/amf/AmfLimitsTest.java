package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Declared lengths and counts are checked against the input before anything is allocated for them.
 */
class AmfLimitsTest {
  /**
   * What one failed decode may allocate: the exception and its stack trace, a reader, a few lists.
   */
  private static final long SMALL_ALLOCATION = 16 * 1024;

  private static long allocationOfFailedDecode(AmfFormat format, byte[] input, String message) {
    for (int i = 0; i < 3; i++) { // warm up: class loading and first calls allocate too
      assertThrows(AmfException.class, () -> format.reader(ByteBuffer.wrap(input)).readAll());
    }
    long before = AmfProbe.allocatedBytes();
    AmfException e =
        assertThrows(AmfException.class, () -> format.reader(ByteBuffer.wrap(input)).readAll());
    long allocated = AmfProbe.allocatedBytes() - before;
    assertEquals(message, e.getMessage());
    return allocated;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AMF0 | 0a ffffffff 050505  | amf0 strict array count 4294967295 exceeds remaining 3 bytes"
            + " at offset 1",
        "AMF0 | 0c ffffffff 616161  | amf0 long string length 4294967295 exceeds remaining 3 bytes"
            + " at offset 1",
        "AMF0 | 0f ffffffff 616161  | amf0 xml document length 4294967295 exceeds remaining 3 bytes"
            + " at offset 1",
        "AMF0 | 02 ffff 616161      | amf0 string length 65535 exceeds remaining 3 bytes at offset"
            + " 1",
        "AMF0 | 11 0c ffffffff 6161 | amf3 byte array length 268435455 exceeds remaining 2 bytes at"
            + " offset 2",
        "AMF3 | 06 ffffffff 616161  | amf3 string length 268435455 exceeds remaining 3 bytes at"
            + " offset 1",
        "AMF3 | 07 ffffffff 616161  | amf3 xml document length 268435455 exceeds remaining 3 bytes"
            + " at offset 1",
        "AMF3 | 0b ffffffff 616161  | amf3 xml length 268435455 exceeds remaining 3 bytes at offset"
            + " 1",
        "AMF3 | 0c ffffffff 616161  | amf3 byte array length 268435455 exceeds remaining 3 bytes at"
            + " offset 1",
        "AMF3 | 09 ffffffff 010101  | amf3 array dense count 268435455 exceeds remaining 3 bytes at"
            + " offset 1",
        "AMF3 | 0a fffffff3 010101  | amf3 sealed member count 33554431 exceeds remaining 3 bytes"
            + " at offset 1",
        "AMF3 | 0d ffffffff 00 0102 | amf3 int vector count 268435455 needs 1073741820 bytes, 2"
            + " remain at offset 1",
        "AMF3 | 0e ffffffff 00 0102 | amf3 uint vector count 268435455 needs 1073741820 bytes, 2"
            + " remain at offset 1",
        "AMF3 | 0f ffffffff 00 0102 | amf3 double vector count 268435455 needs 2147483640 bytes, 2"
            + " remain at offset 1",
        "AMF3 | 10 ffffffff 00 01 01 | amf3 object vector count 268435455 exceeds remaining 1 bytes"
            + " at offset 1",
        "AMF3 | 11 ffffffff 00 0101 | amf3 dictionary count 268435455 needs 536870910 bytes, 2"
            + " remain at offset 1",
      })
  void hugeDeclaredLengthFailsFastWithoutAllocatingForIt(
      AmfFormat format, String hex, String message) {
    AmfProbe.assumeAllocationCounting();
    long allocated = allocationOfFailedDecode(format, Hex.decode(hex), message);
    assertTrue(allocated < SMALL_ALLOCATION, () -> "allocated " + allocated + " bytes");
  }

  /**
   * Sixty-three nested arrays, each declaring 1,024 elements (which the remaining bytes allow),
   * then 1,100 one-byte values: were each list sized by its declared count, that would be about 260
   * KB held at once; lists start small and grow with what is actually read.
   */
  @Test
  void nestedCountsDoNotPreallocateTogether() {
    AmfProbe.assumeAllocationCounting();
    byte[] amf0 = Hex.decode("0a 00000400".repeat(63), "0a 00000000", "05".repeat(1100));
    long amf0Allocated =
        allocationOfFailedDecode(AmfFormat.AMF0, amf0, "truncated amf0 value at offset 1420");
    byte[] amf3 = Hex.decode("09 9001 01".repeat(63), "09 01 01", "01".repeat(1100));
    long amf3Allocated =
        allocationOfFailedDecode(AmfFormat.AMF3, amf3, "truncated amf3 value at offset 1355");
    assertTrue(amf0Allocated < 64 * 1024, () -> "amf0 allocated " + amf0Allocated + " bytes");
    assertTrue(amf3Allocated < 64 * 1024, () -> "amf3 allocated " + amf3Allocated + " bytes");
  }
}
