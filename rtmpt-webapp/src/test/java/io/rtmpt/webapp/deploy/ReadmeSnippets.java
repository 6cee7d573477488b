package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What README.md documents, read back so that the tests check the documentation too. */
final class ReadmeSnippets {
  private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern OPTION_ROW = Pattern.compile("(?m)^\\| `--([a-z][a-z-]*)[ `]");

  private ReadmeSnippets() {}

  /** The one {@code <Connector>} of README.md's xml code blocks. */
  static Element tomcatConnector(Path readme) throws Exception {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    List<Element> found = new ArrayList<>();
    Matcher m = XML_BLOCK.matcher(text);
    while (m.find()) {
      if (!m.group(1).contains("<Connector")) {
        continue;
      }
      byte[] wrapped = ("<snippet>" + m.group(1) + "</snippet>").getBytes(StandardCharsets.UTF_8);
      NodeList connectors =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(wrapped))
              .getElementsByTagName("Connector");
      for (int i = 0; i < connectors.getLength(); i++) {
        found.add((Element) connectors.item(i));
      }
    }
    assertEquals(1, found.size(), "README.md: <Connector> elements in ```xml blocks");
    return found.get(0);
  }

  /** The flags of README.md's table of the executable WAR's options ({@code | `--host ADDR` |}). */
  static List<String> executableWarFlags(Path readme) throws Exception {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    List<String> flags = new ArrayList<>();
    Matcher m = OPTION_ROW.matcher(text);
    while (m.find()) {
      flags.add("--" + m.group(1));
    }
    return flags;
  }
}
