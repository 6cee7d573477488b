package io.rtmpt.webapp.embedded;

import java.util.List;
import java.util.Locale;

/**
 * The executable's flags: each one's name, value placeholder, default and description, the
 * environment variable that sets it too ({@code --http-port}: {@code RTMPT_HTTP_PORT}), and the
 * {@code --help} text made from them. {@link EmbeddedOptions#parse} reads the values.
 */
final class Flags {
  private Flags() {}

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
          new Flag(
              "https-port", "N", "0", "RTMPTS over HTTPS (needs a certificate, below); 0 = off"),
          new Flag(
              "keystore",
              "FILE",
              null,
              "PKCS12 or JKS keystore with the certificate of HTTPS and RTMPS"),
          new Flag("keystore-password", "P", null, "password of the keystore and its key"),
          new Flag(
              "tls-cert",
              "FILE",
              null,
              "PEM certificate chain (server's first) for HTTPS and RTMPS, instead of --keystore"),
          new Flag(
              "tls-key", "FILE", null, "PEM private key of --tls-cert (PKCS#8, PKCS#1 or SEC1)"),
          new Flag("tls-key-password", "P", null, "password of an encrypted --tls-key"),
          new Flag(
              "tls-reload-check-ms",
              "N",
              "60000",
              "how often the certificate files are checked for a renewal; 0 = never"),
          new Flag("rtmp-port", "N", "1935", "native RTMP from the in-process engine; 0 = off"),
          new Flag(
              "rtmps-port",
              "N",
              "0",
              "native RTMPS (RTMP over TLS) from the in-process engine; needs a certificate;"
                  + " 0 = off"),
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
          new Flag("vod-dir", "DIR", null, "media files played as application 'vod' (FLV, MP4)"),
          new Flag(
              "record-dir",
              "DIR",
              null,
              "where recordings are written; played back as application 'recordings'"),
          new Flag(
              "trusted-proxy",
              "CIDR[,CIDR]",
              null,
              "proxies (load balancers) whose X-Forwarded-For and X-Forwarded-Proto are believed;"
                  + " from anyone else these headers are ignored"),
          new Flag(
              "drain-grace-ms",
              "MS",
              null,
              "on SIGTERM, how long running sessions may go on (new tunnels refused) before they"
                  + " are told to stop and closed; ms, or with a unit: 30s (default 20s)"),
          new Flag(
              "tcp-quickack",
              "on|off",
              "on",
              "acknowledge HTTP(S) requests at once (Linux TCP_QUICKACK): no 40 ms stall per"
                  + " ffmpeg request"));

  /** The flag called {@code name}; an unknown name is a usage error. */
  static Flag flag(String name) {
    for (Flag f : FLAGS) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
  }

  /** The --help text. */
  static String usage() {
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
        String.format(
            "%n%s%n",
            "  --mint-token ACTION/APP/NAME [--token-ttl DURATION] [--token-secret S]\n"
                + "      prints a signed stream token (ACTION publish or play; DURATION like 3600,"
                + " 90m, 24h,\n"
                + "      7d; default 24h) made with S, else RTMPT_ACCESS_APP_TOKEN_SECRET or\n"
                + "      RTMPT_ACCESS_TOKEN_SECRET, and exits; see README, Access control"));
    sb.append(
        "\nOther settings (limits, timeouts) are read from RTMPT_* environment variables or\n"
            + "-Drtmpt.* system properties; see README.md.\n");
    return sb.toString();
  }
}
