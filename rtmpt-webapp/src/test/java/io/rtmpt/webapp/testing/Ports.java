package io.rtmpt.webapp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for programs that cannot bind port 0 and report the port back (nginx, Tomcat,
 * the executable WAR's RTMP listener). The port is free when returned; a program started right
 * after takes it.
 */
public final class Ports {
  private Ports() {}

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
