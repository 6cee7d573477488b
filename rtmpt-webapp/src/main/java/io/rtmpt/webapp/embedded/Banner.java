package io.rtmpt.webapp.embedded;

import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * The text the executable prints once started: the URL of every transport, the console, the admin
 * password when it was generated, who may publish, and a command to try. RTMPT URLs carry no
 * context path: clients post to the server root whatever their URL's path (see {@link
 * RootTunnelPaths}); the console is under the context path.
 */
final class Banner {
  private final EmbeddedOptions options;
  private final AdminPassword adminPassword;

  Banner(EmbeddedOptions options, AdminPassword adminPassword) {
    this.options = options;
    this.adminPassword = adminPassword;
  }

  /**
   * The banner.
   *
   * @param httpPort the bound HTTP port, or -1 without an HTTP connector
   * @param httpsPort the bound HTTPS port, or -1 without an HTTPS connector
   * @param access the application's sentence on who may publish, or null
   */
  String text(int httpPort, int httpsPort, String access) {
    String host =
        options.host().equals("0.0.0.0") || options.host().equals("::")
            ? "localhost"
            : options.host();
    String path = options.contextPath().equals("/") ? "" : options.contextPath();
    StringBuilder sb = new StringBuilder();
    sb.append("\nrtmpt-bridge is running (bridge: ").append(options.bridge());
    if (options.bridge().equals("backend")) {
      sb.append(" -> ").append(options.backend());
    }
    if (options.nodeId() != null) {
      sb.append(", node id ").append(options.nodeId());
    }
    sb.append(")\n");
    if (httpPort >= 0) {
      sb.append(String.format("  RTMPT   rtmpt://%s:%d/live/STREAM%n", host, httpPort));
    }
    if (httpsPort >= 0) {
      sb.append(String.format("  RTMPTS  rtmpts://%s:%d/live/STREAM%n", host, httpsPort));
    }
    if (options.rtmpPort() > 0 && options.bridge().equals("engine")) {
      sb.append(String.format("  RTMP    rtmp://%s:%d/live/STREAM%n", host, options.rtmpPort()));
    }
    if (options.rtmpsPort() > 0 && options.bridge().equals("engine")) {
      sb.append(String.format("  RTMPS   rtmps://%s:%d/live/STREAM%n", host, options.rtmpsPort()));
    }
    String console =
        httpPort >= 0
            ? String.format("http://%s:%d%s/admin/", host, httpPort, path)
            : String.format("https://%s:%d%s/admin/", host, httpsPort, path);
    sb.append(String.format("  Console %s  (user %s)%n", console, AdminPassword.USER));
    if (!path.isEmpty()) {
      sb.append(
          String.format(
              "  (RTMPT clients post to /open/1 at the server root: the tunnel is served there"
                  + " and under %s)%n",
              path));
    }
    if (adminPassword.generated() != null) {
      String line = "=".repeat(72);
      sb.append(
          String.format(
              "%n%s%n  Generated admin password (shown once, only its hash is kept in%n  %s):%n%n  "
                  + "    %s%n%n  Give your own with --admin-password or"
                  + " RTMPT_ADMIN_PASSWORD.%n%s%n",
              line, adminPassword.file(), adminPassword.generated(), line));
    } else if (adminPassword.file() != null) {
      sb.append(
          String.format(
              "  Admin password: as generated at first start (hash in %s)%n",
              adminPassword.file()));
    }
    if (access != null) {
      sb.append(String.format("%n  %s%n", access));
    }
    if (httpPort >= 0) {
      sb.append(
          String.format(
              "%nTry: ffmpeg -re -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine"
                  + " -c:v libx264 -g 50 -c:a aac -f flv rtmpt://%s:%d/live/test%n"
                  + "     ffplay rtmpt://%s:%d/live/test%n",
              host, httpPort, host, httpPort));
    }
    return sb.toString();
  }

  /**
   * The web application's own sentence on who may publish ({@code Gateway.accessSummary()}), or
   * null before it started. Read reflectively: the application's classes are its own class
   * loader's, not this one's.
   */
  static String accessSummary(WebAppContext webapp) {
    if (webapp == null) {
      return null;
    }
    Object gateway = webapp.getServletContext().getAttribute("io.rtmpt.webapp.Gateway");
    if (gateway == null) {
      return null;
    }
    try {
      return (String) gateway.getClass().getMethod("accessSummary").invoke(gateway);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return null;
    }
  }
}
