package io.rtmpt.engine.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.Hex;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the regression inputs under {@code src/test/resources/corpus/chunk/}: inputs that once
 * broke the decoder or sit on an edge the fuzzer should keep covering. Each {@code .hex} file holds
 * {@code #} comment lines, one {@code # expect: messages N} or {@code # expect: error TEXT} line,
 * and the input as hex (whitespace ignored). Every input runs under every {@link FeedStrategy}.
 */
class ChunkCorpusTest {

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    URL dir = ChunkCorpusTest.class.getClassLoader().getResource("corpus/chunk");
    assertNotNull(dir, "corpus/chunk is not on the test classpath");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
      list.filter(p -> p.toString().endsWith(".hex")).sorted().forEach(files::add);
    }
    assertFalse(files.isEmpty(), "empty corpus");
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void replaysEachCorpusInputWithItsExpectedOutcome(Path file) throws IOException {
    String expect = null;
    StringBuilder hex = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("# expect: ")) {
        expect = line.substring("# expect: ".length()).trim();
      } else if (!line.startsWith("#")) {
        hex.append(line);
      }
    }
    assertNotNull(expect, file + " has no '# expect:' line");
    byte[] input = Hex.decode(hex.toString());
    for (FeedStrategy feed : FeedStrategy.values()) {
      for (List<ByteBuffer> pieces : feed.cuts(input)) {
        assertEquals(expect, outcome(input, pieces), file.getFileName() + " / " + feed);
      }
    }
  }

  /** "messages N" when all input decodes, "error TEXT" on a protocol error; anything else fails. */
  private static String outcome(byte[] input, List<ByteBuffer> pieces) {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    List<RawMessage> out = new ArrayList<>();
    try {
      for (ByteBuffer piece : pieces) {
        decoder.decode(piece.duplicate(), out::add);
      }
      return "messages " + out.size();
    } catch (RtmpProtocolException e) {
      return "error " + e.getMessage();
    } catch (RuntimeException e) {
      return fail("unexpected " + e + " for " + Hex.encode(input), e);
    }
  }
}
