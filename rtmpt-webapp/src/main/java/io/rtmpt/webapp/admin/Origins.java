package io.rtmpt.webapp.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Same-origin checks for actions and the console WebSocket: a browser sends {@code Origin} with
 * every POST and WebSocket handshake, and it must name the host the request was sent to (its {@code
 * Host} header). A reverse proxy in front must pass {@code Host} on unchanged.
 */
final class Origins {
  private Origins() {}

  /**
   * Whether {@code origin} (e.g. {@code https://console.example:8443}) names the same host and port
   * as {@code host} (the Host header, e.g. {@code console.example:8443}); default ports may be left
   * out of either.
   */
  static boolean sameOrigin(String origin, String host) {
    if (origin == null || host == null || origin.equals("null")) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort =
        switch (scheme) {
          case "http", "ws" -> 80;
          case "https", "wss" -> 443;
          default -> -1;
        };
    if (defaultPort < 0 || uri.getHost() == null) {
      return false;
    }
    int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
    String expected = authority(uri.getHost(), originPort, defaultPort);
    return expected.equals(normalise(host.trim(), defaultPort));
  }

  private static String normalise(String host, int defaultPort) {
    String lower = host.toLowerCase(Locale.ROOT);
    int colon = lower.lastIndexOf(':');
    if (colon > 0 && colon > lower.lastIndexOf(']')) {
      try {
        int port = Integer.parseInt(lower.substring(colon + 1));
        return authority(lower.substring(0, colon), port, defaultPort);
      } catch (NumberFormatException e) {
        return lower;
      }
    }
    return lower;
  }

  private static String authority(String host, int port, int defaultPort) {
    String h = host.toLowerCase(Locale.ROOT);
    return port == defaultPort ? h : h + ":" + port;
  }
}
