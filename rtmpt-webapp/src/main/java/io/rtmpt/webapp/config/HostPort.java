package io.rtmpt.webapp.config;

import java.util.Objects;

/**
 * A host name or address and a TCP port, as written in a setting: {@code host:port}, or {@code
 * [v6-address]:port} for an IPv6 literal. Nothing is resolved.
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
    }
  }

  /**
   * Parses {@code host:port} or {@code [v6-address]:port}.
   *
   * @throws IllegalArgumentException with a message that states what is wrong with the text
   */
  public static HostPort parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not host:port (write an IPv6 address as [address]:port)");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not host:port (the port is not a number)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "'" + text + "': port " + port + " is out of range 1-65535");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not host:port (no host)");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
