package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtmpt.engine.testing.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jazzer target for {@link RtmptPath#parse}, the first thing done with every request: against the
 * grammar of its javadoc written as one regular expression, for any split of the path into servlet
 * path and path info (null included). Regression inputs: {@code
 * src/test/resources/io/rtmpt/webapp/tunnel/RtmptPathJazzerTestInputs/} (seeds: the paths ffmpeg,
 * rtmpdump and the other clients of {@code client-behaviour.md} post, written by {@code
 * TunnelFuzzSeeds}).
 */
class RtmptPathJazzerTest {
  private static final Pattern GRAMMAR =
      Pattern.compile(
          "/(?:(fcs)/ident2|(open)/1|(send|idle|close)/([A-Za-z0-9]{1,63})/([0-9]{1,18})"
              + "|(close)/([A-Za-z0-9]{1,63}))");

  /**
   * Input: one byte (bits 0-5: where the path is split; bit 6: null servlet path, bit 7: null path
   * info), one byte (odd: the path is UTF-8, even: ISO-8859-1), then the path.
   */
  @FuzzTest(maxDuration = "5m")
  void parseAcceptsExactlyTheGrammar(byte[] input) {
    FuzzInput in = new FuzzInput(input);
    int split = in.u8();
    boolean utf8 = (in.u8() & 1) == 1;
    byte[] raw = in.rest();
    String path = new String(raw, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int at = Math.min(path.length(), split & 0x3F);
    String servletPath = (split & 0x40) != 0 && at == 0 ? null : path.substring(0, at);
    String pathInfo = (split & 0x80) != 0 && at == path.length() ? null : path.substring(at);

    Optional<RtmptPath> parsed = RtmptPath.parse(servletPath, pathInfo);
    assertEquals(expected(path), parsed, path);
  }

  private static Optional<RtmptPath> expected(String path) {
    Matcher m = GRAMMAR.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(1) != null) {
      return Optional.of(new RtmptPath(RtmptCommand.IDENT, null, RtmptPath.NO_SEQUENCE));
    }
    if (m.group(2) != null) {
      return Optional.of(new RtmptPath(RtmptCommand.OPEN, null, RtmptPath.NO_SEQUENCE));
    }
    if (m.group(3) != null) {
      RtmptCommand command = RtmptCommand.fromSegment(m.group(3)).orElseThrow();
      return Optional.of(new RtmptPath(command, m.group(4), Long.parseLong(m.group(5))));
    }
    return Optional.of(new RtmptPath(RtmptCommand.CLOSE, m.group(7), RtmptPath.NO_SEQUENCE));
  }
}
