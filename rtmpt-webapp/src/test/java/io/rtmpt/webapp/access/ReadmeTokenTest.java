package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's shell example that mints a token with openssl (issue 10: "a backend in any language
 * can mint them") is run as written, and its token must be one the server accepts.
 */
class ReadmeTokenTest {
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theOpensslExampleMintsATokenTheServerAccepts() throws Exception {
    Path bash = Interop.requireTool("bash");
    Interop.requireTool("openssl");
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String block = null;
    Matcher m = SH_BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).contains("openssl dgst -sha256 -hmac")) {
        block = m.group(1);
      }
    }
    assertTrue(block != null, "README.md has the openssl example");
    String secret = value(block, "SECRET='([^']*)'");
    String action = value(block, "ACTION=(\\S+)");
    String app = value(block, "APP=(\\S+)");
    String name = value(block, "NAME=(\\S+)");

    Path logs = Path.of("target", "interop", "ReadmeTokenTest");
    try (ExternalProcess shell =
        ExternalProcess.start("readme-openssl", logs, List.of(bash.toString(), "-ec", block))) {
      assertEquals(0, shell.waitFor(Duration.ofSeconds(30)), shell.tail());
      String token = shell.stdout().strip();
      long now = Instant.now().getEpochSecond();
      assertEquals(
          StreamTokens.Check.VALID,
          StreamTokens.check(List.of(secret), action, app, name, "token=" + token, now),
          token);
      long expires = Long.parseLong(token.substring(0, token.indexOf('.')));
      assertEquals(
          StreamTokens.mint(secret, action, app, name, expires),
          token,
          "the same token as the server's own rule");
    }
  }

  private static String value(String block, String regex) {
    Matcher m = Pattern.compile(regex).matcher(block);
    assertTrue(m.find(), regex + " in:\n" + block);
    return m.group(1);
  }
}
