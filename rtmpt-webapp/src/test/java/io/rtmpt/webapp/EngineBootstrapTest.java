package io.rtmpt.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.LogCapture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Startup of the web application in a real Jetty: good and bad configurations. */
class EngineBootstrapTest {

  @Test
  void aBadSettingFailsTheDeploymentWithOneLineNamingIt() throws Exception {
    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      assertThrows(
          IllegalStateException.class,
          () -> EmbeddedWebapp.start(Map.of("rtmpt.bridge", "carrier-pigeon")).close());
      List<String> errors = log.warnings();
      assertEquals(
          List.of(
              "io.rtmpt.webapp.EngineBootstrap: rtmpt-bridge did not start: rtmpt.bridge from"
                  + " servlet context init parameter rtmpt.bridge: 'carrier-pigeon' is not one of:"
                  + " engine, backend"),
          errors);
    }
  }

  @Test
  void aTakenRtmpPortFailsTheDeploymentAndSaysWhichAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LogCapture log = LogCapture.of("io.rtmpt")) {
      int port = taken.getLocalPort();
      assertThrows(
          IllegalStateException.class,
          () ->
              EmbeddedWebapp.start(
                      Map.of(
                          "rtmpt.rtmp-host", "127.0.0.1", "rtmpt.rtmp-port", String.valueOf(port)))
                  .close());
      String error = String.join("\n", log.warnings());
      assertTrue(error.contains("cannot listen on 127.0.0.1:" + port), error);
    }
  }

  @Test
  void aGoodConfigurationStartsTheEngineAndTheTunnels() throws Exception {
    try (EmbeddedWebapp webapp = EmbeddedWebapp.start(Map.of("rtmpt.idle-hold-ms", "150"))) {
      assertTrue(webapp.engine() != null);
      assertEquals(150, webapp.registry().config().idleHold().toMillis());
    }
  }
}
