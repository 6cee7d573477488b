package io.rtmpt.engine.amf;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for both AMF readers, with the checks of {@link AmfProbe}: values or an {@link
 * AmfException}, within the allocation bound, and values that print, hash, compare and write back.
 * Regression inputs: {@code src/test/resources/io/rtmpt/engine/amf/AmfJazzerTestInputs/} (seeds:
 * the fixtures, the command and data payloads ffmpeg and rtmpdump sent, and the hand-made corpus of
 * {@link AmfCorpusTest}, written by {@code FuzzSeeds}); the seeded random test beside it is {@link
 * AmfFuzzTest}.
 */
class AmfJazzerTest {
  static {
    AmfProbe.warmUp(AmfFormat.AMF0, AmfFuzzTest.seeds(AmfFormat.AMF0));
    AmfProbe.warmUp(AmfFormat.AMF3, AmfFuzzTest.seeds(AmfFormat.AMF3));
  }

  /** Input: AMF0 values, as in a command or data message body. */
  @FuzzTest(maxDuration = "5m")
  void amf0GivesValuesOrAmfException(byte[] input) {
    new AmfProbe().probe(AmfFormat.AMF0, input, "jazzer input");
  }

  /** Input: AMF3 values, as in the body of an AMF3 command after its leading zero byte. */
  @FuzzTest(maxDuration = "5m")
  void amf3GivesValuesOrAmfException(byte[] input) {
    new AmfProbe().probe(AmfFormat.AMF3, input, "jazzer input");
  }
}
