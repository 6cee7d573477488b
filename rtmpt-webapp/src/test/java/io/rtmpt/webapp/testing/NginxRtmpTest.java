package io.rtmpt.webapp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class NginxRtmpTest {
  private static final Path LOGS = Path.of("target", "interop", "NginxRtmpTest");

  @Test
  void aMissingModuleSkipsTheTestUnlessInteropIsRequired() {
    Path missing = Path.of("/nonexistent/ngx_rtmp_module.so");
    String message = "nginx rtmp module not found: apt install libnginx-mod-rtmp";
    if (Boolean.getBoolean("interop.required")) {
      AssertionFailedError e =
          assertThrows(AssertionFailedError.class, () -> NginxRtmp.requireModule(missing));
      assertTrue(e.getMessage().startsWith(message), e.getMessage());
    } else {
      TestAbortedException e =
          assertThrows(TestAbortedException.class, () -> NginxRtmp.requireModule(missing));
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void startsOneForegroundProcessWithItsFilesInItsDirectoryAndStopsItByPid() throws Exception {
    NginxRtmp nginx = NginxRtmp.start(LOGS.resolve("nginx"));
    try {
      assertTrue(accepts(nginx.port()), "listening on " + nginx.hostPort());
      Path dir = nginx.dir();
      assertEquals(
          String.valueOf(nginx.pid()),
          Files.readString(dir.resolve("nginx.pid")).trim(),
          "the PID we started is nginx itself (daemon off, master_process off)");
      String conf = Files.readString(dir.resolve("nginx.conf"));
      assertTrue(conf.contains("listen 127.0.0.1:" + nginx.port() + ";"), conf);
      assertTrue(conf.contains("application live {"), conf);
      assertTrue(Files.exists(dir.resolve("error.log")));
    } finally {
      nginx.stop();
    }
    assertFalse(nginx.isAlive());
    assertFalse(accepts(nginx.port()), "nothing listens after stop()");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
