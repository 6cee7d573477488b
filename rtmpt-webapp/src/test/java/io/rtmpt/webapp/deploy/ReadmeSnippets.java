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
  private static final Pattern JETTY_MODULES = Pattern.compile("--add-modules=([a-z0-9,-]+)");

  private ReadmeSnippets() {}

  /** The {@code <Connector>} elements of README.md's xml code blocks, in order. */
  static List<Element> tomcatConnectors(Path readme) throws Exception {
    return xmlElements(readme, "Connector");
  }

  /** The {@code <Valve>} elements of README.md's xml code blocks, in order. */
  static List<Element> tomcatValves(Path readme) throws Exception {
    return xmlElements(readme, "Valve");
  }

  /** The elements named {@code tag} in README.md's xml code blocks, in order. */
  private static List<Element> xmlElements(Path readme, String tag) throws Exception {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    List<Element> found = new ArrayList<>();
    Matcher m = XML_BLOCK.matcher(text);
    while (m.find()) {
      if (!m.group(1).contains("<" + tag)) {
        continue;
      }
      byte[] wrapped = ("<snippet>" + m.group(1) + "</snippet>").getBytes(StandardCharsets.UTF_8);
      NodeList elements =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(wrapped))
              .getElementsByTagName(tag);
      for (int i = 0; i < elements.getLength(); i++) {
        found.add((Element) elements.item(i));
      }
    }
    return found;
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

  /**
   * The Jetty modules of README.md's {@code start.jar --add-modules=...} command: every such
   * command in README.md must name the same list.
   */
  static List<String> jettyModules(Path readme) throws Exception {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    List<String> lists = new ArrayList<>();
    Matcher m = JETTY_MODULES.matcher(text);
    while (m.find()) {
      if (!lists.contains(m.group(1))) {
        lists.add(m.group(1));
      }
    }
    assertEquals(1, lists.size(), "README.md: distinct --add-modules= lists " + lists);
    return List.of(lists.get(0).split(","));
  }
}
