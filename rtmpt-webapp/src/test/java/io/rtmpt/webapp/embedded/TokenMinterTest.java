package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.access.StreamTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --mint-token}: prints a token the server accepts, from the server's own secret. */
class TokenMinterTest {
  private static final String SECRET = "the-shared-secret-of-the-test";

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        TokenMinter.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsATokenMadeWithTheEnvironmentsSecretThatTheServerAccepts() {
    assertTrue(TokenMinter.wanted(new String[] {"--mint-token", "publish/live/cam1"}));
    Run run =
        run(
            Map.of("RTMPT_ACCESS_TOKEN_SECRET", SECRET),
            "--mint-token",
            "publish/live/cam1",
            "--token-ttl",
            "2h");
    assertEquals(0, run.exit(), run.err());
    String token = run.out().trim();
    long now = Instant.now().getEpochSecond();
    long expires = Long.parseLong(token.substring(0, token.indexOf('.')));
    assertTrue(Math.abs(expires - (now + 7200)) < 60, token);
    assertEquals(
        StreamTokens.Check.VALID,
        StreamTokens.check(List.of(SECRET), "publish", "live", "cam1", "token=" + token, now));
    assertTrue(run.err().contains("rtmp://HOST/live/cam1?token=" + token), run.err());
  }

  @Test
  void anApplicationsOwnSecretAndTheFlagWin() {
    Run own =
        run(
            Map.of(
                "RTMPT_ACCESS_TOKEN_SECRET",
                SECRET,
                "RTMPT_ACCESS_MY_STUDIO_TOKEN_SECRET",
                SECRET + "-studio"),
            "--mint-token=play/my-studio/a/b");
    String token = own.out().trim();
    long now = Instant.now().getEpochSecond();
    assertEquals(
        StreamTokens.Check.VALID,
        StreamTokens.check(
            List.of(SECRET + "-studio"), "play", "my-studio", "a/b", "token=" + token, now));
    Run flag = run(Map.of(), "--mint-token", "play/live/x", "--token-secret", SECRET);
    assertEquals(
        StreamTokens.Check.VALID,
        StreamTokens.check(
            List.of(SECRET), "play", "live", "x", "token=" + flag.out().trim(), now));
  }

  @Test
  void mistakesExitWithTwoAndOneLine() {
    assertEquals(
        new Run(
            2,
            "",
            "rtmpt-bridge: no secret: give --token-secret or set RTMPT_ACCESS_TOKEN_SECRET\n"),
        run(Map.of(), "--mint-token", "publish/live/x"));
    assertEquals(
        new Run(
            2,
            "",
            "rtmpt-bridge: --mint-token 'record/live/x' is not ACTION/APP/NAME (ACTION publish or"
                + " play)\n"),
        run(Map.of("RTMPT_ACCESS_TOKEN_SECRET", SECRET), "--mint-token", "record/live/x"));
    assertEquals(
        new Run(2, "", "rtmpt-bridge: --token-ttl 'soon' is not a duration (3600, 90m, 24h, 7d)\n"),
        run(
            Map.of("RTMPT_ACCESS_TOKEN_SECRET", SECRET),
            "--mint-token",
            "publish/live/x",
            "--token-ttl",
            "soon"));
  }
}
