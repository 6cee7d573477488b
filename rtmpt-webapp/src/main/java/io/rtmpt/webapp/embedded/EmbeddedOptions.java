package io.rtmpt.webapp.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The executable WAR's command line. Every flag {@code --name value} can also be given as the
 * environment variable {@code RTMPT_NAME} (upper case, '-' as '_'); a flag wins over the
 * environment, the environment over the default. A bad flag or value is an {@link
 * IllegalArgumentException} whose message names it, printed as the one-line startup error.
 */
public record EmbeddedOptions(
    String host,
    int httpPort,
    int httpsPort,
    Path keystore,
    String keystorePassword,
    int rtmpPort,
    String bridge,
    String backend,
    String contextPath,
    boolean help,
    String adminPassword,
    Path dataDir,
    String nodeId,
    String drainGrace) {

  /** One flag: name, value placeholder, default (null = none), description. */
  record Flag(String name, String value, String defaultValue, String description) {
    String environmentName() {
      return "RTMPT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  static final List<Flag> FLAGS =
      List.of(
          new Flag("host", "ADDR", "0.0.0.0", "bind address of every listener"),
          new Flag("http-port", "N", "8080", "RTMPT over HTTP; 0 = off"),
          new Flag("https-port", "N", "0", "RTMPTS over HTTPS (needs --keystore); 0 = off"),
          new Flag("keystore", "FILE", null, "PKCS12 or JKS keystore with the HTTPS certificate"),
          new Flag("keystore-password", "P", null, "password of the keystore and its key"),
          new Flag("rtmp-port", "N", "1935", "native RTMP from the in-process engine; 0 = off"),
          new Flag(
              "bridge",
              "engine|backend",
              "engine",
              "where tunnels lead: the in-process engine or a backend RTMP server"),
          new Flag(
              "backend",
              "HOST:PORT",
              "127.0.0.1:1935",
              "the backend RTMP server (with --bridge backend)"),
          new Flag("context-path", "PATH", "/", "context path the application is served under"),
          new Flag(
              "admin-password",
              "P",
              null,
              "password of the console's user 'admin' "
                  + "(else generated at first start, printed once, kept hashed in --data-dir)"),
          new Flag(
              "data-dir",
              "DIR",
              "~/.rtmpt-bridge",
              "where the generated admin password's hash is kept"),
          new Flag(
              "node-id",
              "ID",
              null,
              "this node's id ([a-z0-9], 1-16), put into every RTMPT session id so that a load"
                  + " balancer routes a tunnel to the node that opened it"),
          new Flag(
              "drain-grace-ms",
              "MS",
              null,
              "on SIGTERM, how long running sessions may go on (new tunnels refused) before they"
                  + " are told to stop and closed; ms, or with a unit: 30s (default 20s)"));

  /** Parses {@code args} with {@code environment} as fallback. */
  public static EmbeddedOptions parse(String[] args, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Flag flag = flag(name);
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value (" + flag.value() + ")");
        }
        value = args[++i];
      }
      values.put(name, value);
    }
    for (Flag flag : FLAGS) {
      if (!values.containsKey(flag.name())) {
        String env = environment.get(flag.environmentName());
        if (env != null && !env.isBlank()) {
          values.put(flag.name(), env.trim());
        } else if (flag.defaultValue() != null) {
          values.put(flag.name(), flag.defaultValue());
        }
      }
    }
    EmbeddedOptions options =
        new EmbeddedOptions(
            values.get("host"),
            port(values, "http-port"),
            port(values, "https-port"),
            values.containsKey("keystore") ? Path.of(values.get("keystore")) : null,
            values.get("keystore-password"),
            port(values, "rtmp-port"),
            choice(values, "bridge", "engine", "backend"),
            hostPort(values, "backend"),
            contextPath(values.get("context-path")),
            help,
            values.get("admin-password"),
            directory(values.get("data-dir")),
            nodeId(values.get("node-id")),
            duration(values, "drain-grace-ms"));
    if (!help) {
      options.check();
    }
    return options;
  }

  private void check() {
    if (httpPort == 0 && httpsPort == 0) {
      throw new IllegalArgumentException(
          "--http-port and --https-port are both 0: nothing to serve");
    }
    if (httpsPort > 0) {
      if (keystore == null) {
        throw new IllegalArgumentException("--https-port " + httpsPort + " needs --keystore FILE");
      }
      if (!Files.isReadable(keystore)) {
        throw new IllegalArgumentException("--keystore " + keystore + ": no readable file there");
      }
      if (keystorePassword == null) {
        throw new IllegalArgumentException("--keystore needs --keystore-password");
      }
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
  }

  private static Flag flag(String name) {
    for (Flag f : FLAGS) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
  }

  private static int port(Map<String, String> values, String name) {
    String text = values.get(name);
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + text + "' is not a port (0-65535)");
    }
  }

  private static String choice(Map<String, String> values, String name, String... allowed) {
    String text = values.get(name).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(text)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "--" + name + " '" + values.get(name) + "' is not one of " + String.join(", ", allowed));
  }

  private static String hostPort(Map<String, String> values, String name) {
    String text = values.get(name);
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("--" + name + " '" + text + "' is not HOST:PORT");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + text + "' is not HOST:PORT");
    }
    return text;
  }

  private static Path directory(String text) {
    if (text.equals("~") || text.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), text.substring(1).replaceFirst("^/", ""));
    }
    return Path.of(text);
  }

  private static String nodeId(String text) {
    if (text != null && !text.matches("[a-z0-9]{1,16}")) {
      throw new IllegalArgumentException(
          "--node-id '" + text + "' is not 1 to 16 lower-case letters and digits");
    }
    return text;
  }

  /** A duration as the settings take it: milliseconds, or a number with ms, s, m or h. */
  private static String duration(Map<String, String> values, String name) {
    String text = values.get(name);
    if (text != null && !text.trim().matches("[0-9]{1,9}(ms|s|m|h)?")) {
      throw new IllegalArgumentException(
          "--" + name + " '" + text + "' is not a duration (milliseconds, or 30s, 2m)");
    }
    return text == null ? null : text.trim();
  }

  private static String contextPath(String text) {
    if (text == null || text.isEmpty() || text.equals("/")) {
      return "/";
    }
    if (!text.startsWith("/") || text.endsWith("/")) {
      throw new IllegalArgumentException(
          "--context-path '" + text + "' must start with / and not end with /");
    }
    return text;
  }

  /** The --help text. */
  public static String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: java -jar rtmpt-bridge.war [options]\n\n");
    sb.append("Serves RTMPT (RTMP tunnelled over HTTP) and native RTMP with embedded Jetty.\n");
    sb.append("Every option can also be set as an environment variable, shown on the right.\n\n");
    for (Flag f : FLAGS) {
      String left = "  --" + f.name() + " " + f.value();
      sb.append(String.format("%-34s %s%n", left, f.description()));
      sb.append(
          String.format(
              "%-34s [%s%s]%n",
              "",
              f.environmentName(),
              f.defaultValue() == null ? "" : ", default " + f.defaultValue()));
    }
    sb.append(String.format("%-34s %s%n", "  --help", "this text"));
    sb.append(
        "\nOther settings (limits, timeouts) are read from RTMPT_* environment variables or\n"
            + "-Drtmpt.* system properties; see README.md.\n");
    return sb.toString();
  }
}
