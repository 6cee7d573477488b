package io.rtmpt.webapp.embedded;

import io.rtmpt.webapp.access.StreamTokens;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar rtmpt-bridge.war --mint-token ACTION/APP/NAME [--token-ttl DURATION]
 * [--token-secret S]}: prints a signed stream token ({@link StreamTokens}) on standard output and
 * exits, no server started. The secret is {@code --token-secret}, else the environment's {@code
 * RTMPT_ACCESS_APP_TOKEN_SECRET} (the application's own), else {@code RTMPT_ACCESS_TOKEN_SECRET}:
 * the variables the server reads, so the same environment mints and checks. Standard error gets one
 * line saying what the token allows, until when, and how to use it.
 */
final class TokenMinter {
  static final String FLAG = "--mint-token";

  /** 24 hours: long enough for an evening's stream key, short enough to age out. */
  static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private TokenMinter() {}

  /** True when the command line asks for a token. */
  static boolean wanted(String[] args) {
    for (String arg : args) {
      if (arg.equals(FLAG) || arg.startsWith(FLAG + "=")) {
        return true;
      }
    }
    return false;
  }

  /** Mints; returns the exit code (0, or 2 with a one-line error on {@code err}). */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    try {
      String target = null;
      Duration ttl = DEFAULT_TTL;
      String secret = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[i + 1];
        }
        switch (name) {
          case FLAG -> target = required(name, value);
          case "--token-ttl" -> ttl = duration(required(name, value));
          case "--token-secret" -> secret = required(name, value);
          default ->
              throw new IllegalArgumentException(
                  "unexpected argument '" + arg + "' with " + FLAG + " (see --help)");
        }
        if (eq < 0 || !arg.startsWith("--")) {
          i++;
        }
      }
      String[] parts = target.split("/", 3);
      if (parts.length != 3
          || !(parts[0].equals("publish") || parts[0].equals("play"))
          || parts[1].isEmpty()
          || parts[2].isEmpty()) {
        throw new IllegalArgumentException(
            FLAG + " '" + target + "' is not ACTION/APP/NAME (ACTION publish or play)");
      }
      String action = parts[0];
      String app = parts[1];
      String stream = parts[2];
      if (secret == null) {
        secret =
            environment.getOrDefault(
                "RTMPT_ACCESS_" + environmentPart(app) + "_TOKEN_SECRET",
                environment.get("RTMPT_ACCESS_TOKEN_SECRET"));
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException(
            "no secret: give --token-secret or set RTMPT_ACCESS_TOKEN_SECRET");
      }
      long expires = Instant.now().plus(ttl).getEpochSecond();
      String token = StreamTokens.mint(secret.trim(), action, app, stream, expires);
      out.println(token);
      err.println(
          action
              + " "
              + app
              + "/"
              + stream
              + " until "
              + Instant.ofEpochSecond(expires)
              + ": rtmp://HOST/"
              + app
              + "/"
              + stream
              + "?token="
              + token);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("rtmpt-bridge: " + e.getMessage());
      return 2;
    }
  }

  private static String required(String flag, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  /** {@code 3600} (seconds), {@code 90m}, {@code 24h}, {@code 7d} or ISO-8601 {@code PT1H}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.startsWith("pt")) {
        d = Duration.parse(t);
      } else if (t.endsWith("d")) {
        d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("--token-ttl '" + text + "' must be more than zero");
      }
      return d;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage().startsWith("--token-ttl")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "--token-ttl '" + text + "' is not a duration (3600, 90m, 24h, 7d)");
    }
  }

  /** {@code my-app} as in an environment variable's name: {@code MY_APP}. */
  private static String environmentPart(String app) {
    return app.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
