package io.rtmpt.engine.amf;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays src/test/resources/corpus/amf0 and amf3 (see the README there) through {@link AmfProbe}.
 */
class AmfCorpusTest {
  static Stream<Arguments> corpus() throws IOException, URISyntaxException {
    List<Arguments> inputs = new ArrayList<>();
    for (AmfFormat format : AmfFormat.values()) {
      URL directory = AmfCorpusTest.class.getResource("/corpus/" + format.name().toLowerCase());
      assertNotNull(directory, "no corpus for " + format);
      try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".bin")).sorted().toList()) {
          inputs.add(Arguments.of(format, file.getFileName().toString(), Files.readAllBytes(file)));
        }
      }
    }
    return inputs.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("corpus")
  void corpusInputGivesValuesOrAmfException(AmfFormat format, String name, byte[] input) {
    new AmfProbe().probe(format, input, name);
  }
}
