package io.rtmpt.webapp.embedded;

import static io.rtmpt.webapp.embedded.Flags.FLAGS;
import static io.rtmpt.webapp.embedded.Flags.flag;

import io.rtmpt.webapp.access.AddressRules;
import io.rtmpt.webapp.access.CidrRange;
import io.rtmpt.webapp.embedded.Flags.Flag;
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
    String vodDir,
    String recordDir,
    List<CidrRange> trustedProxies,
    int rtmpsPort,
    Path tlsCertificate,
    Path tlsKey,
    String tlsKeyPassword,
    long tlsReloadCheckMillis,
    String drainGrace,
    boolean tcpQuickAck) {

  public EmbeddedOptions {
    trustedProxies = List.copyOf(trustedProxies);
  }

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
            values.get("vod-dir"),
            values.get("record-dir"),
            proxies(values.get("trusted-proxy")),
            port(values, "rtmps-port"),
            values.containsKey("tls-cert") ? Path.of(values.get("tls-cert")) : null,
            values.containsKey("tls-key") ? Path.of(values.get("tls-key")) : null,
            values.get("tls-key-password"),
            millis(values, "tls-reload-check-ms"),
            duration(values, "drain-grace-ms"),
            choice(values, "tcp-quickack", "on", "off").equals("on"));
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
    if (usesCertificate()) {
      checkCertificate();
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (adminPassword != null && adminPassword.length() < AdminPassword.MIN_LENGTH) {
      throw new IllegalArgumentException(
          "--admin-password (RTMPT_ADMIN_PASSWORD) must have at least "
              + AdminPassword.MIN_LENGTH
              + " characters");
    }
  }

  /**
   * The certificate flags, when HTTPS or RTMPS uses them (the image sets {@code RTMPT_KEYSTORE}
   * whether HTTPS is on or not).
   */
  private void checkCertificate() {
    if (keystore != null && (tlsCertificate != null || tlsKey != null)) {
      throw new IllegalArgumentException(
          "--keystore and --"
              + (tlsCertificate != null ? "tls-cert" : "tls-key")
              + " are both given: use a keystore or PEM files, not both");
    }
    if (tlsCertificate != null && tlsKey == null) {
      throw new IllegalArgumentException("--tls-cert needs --tls-key FILE");
    }
    if (tlsKey != null && tlsCertificate == null) {
      throw new IllegalArgumentException("--tls-key needs --tls-cert FILE");
    }
    if (keystore != null && keystorePassword == null) {
      throw new IllegalArgumentException("--keystore needs --keystore-password");
    }
    checkReadable("keystore", keystore);
    checkReadable("tls-cert", tlsCertificate);
    checkReadable("tls-key", tlsKey);
    boolean certificate = keystore != null || tlsCertificate != null;
    if (httpsPort > 0 && !certificate) {
      throw new IllegalArgumentException(
          "--https-port " + httpsPort + " needs --keystore FILE or --tls-cert and --tls-key");
    }
    if (rtmpsPort > 0 && !certificate) {
      throw new IllegalArgumentException(
          "--rtmps-port " + rtmpsPort + " needs --keystore FILE or --tls-cert and --tls-key");
    }
  }

  private static void checkReadable(String flag, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException("--" + flag + " " + file + ": no readable file there");
    }
  }

  /** Whether HTTPS or RTMPS needs the certificate. */
  boolean usesCertificate() {
    return httpsPort > 0 || rtmpsPort > 0;
  }

  private static long millis(Map<String, String> values, String name) {
    String text = values.get(name);
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " '" + text + "' is not a number of milliseconds (0 or more)");
    }
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

  private static List<CidrRange> proxies(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      List<CidrRange> proxies = AddressRules.parseList(text);
      if (proxies.isEmpty()) {
        throw new IllegalArgumentException("no address");
      }
      return proxies;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--trusted-proxy '" + text + "' is not a list of addresses or CIDR blocks");
    }
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

  /** The --help text ({@link Flags#usage}). */
  public static String usage() {
    return Flags.usage();
  }
}
