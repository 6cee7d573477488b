package io.rtmpt.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.webapp.bridge.BackendUpstream;
import io.rtmpt.webapp.bridge.EngineUpstream;
import io.rtmpt.webapp.testing.EmbeddedWebapp;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.LogCapture;
import io.rtmpt.webapp.testing.Ports;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup of the web application in a real Jetty: good and bad configurations, both modes. */
class GatewayBootstrapTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aBadSettingFailsTheDeploymentWithOneLineNamingIt() throws Exception {
    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      GatewayBootstrap.BadSetting thrown =
          assertThrows(
              GatewayBootstrap.BadSetting.class,
              () -> EmbeddedWebapp.start(Map.of("rtmpt.bridge", "carrier-pigeon")).close());
      assertEquals(0, thrown.getStackTrace().length, "a user's mistake: no stack trace");
      assertNull(thrown.getCause());
      List<String> errors = log.warnings();
      assertEquals(
          List.of(
              "io.rtmpt.webapp.GatewayBootstrap: rtmpt-bridge did not start: rtmpt.bridge from"
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
      GatewayBootstrap.CannotStart thrown =
          assertThrows(
              GatewayBootstrap.CannotStart.class,
              () ->
                  EmbeddedWebapp.start(
                          Map.of(
                              "rtmpt.rtmp-host",
                              "127.0.0.1",
                              "rtmpt.rtmp-port",
                              String.valueOf(port)))
                      .close());
      assertEquals(0, thrown.getStackTrace().length, "no stack trace");
      List<String> errors = log.warnings();
      assertEquals(1, errors.size(), errors.toString());
      assertTrue(errors.get(0).contains("cannot listen on 127.0.0.1:" + port), errors.get(0));
      assertTrue(errors.get(0).contains("rtmpt.rtmp-port"), errors.get(0));
    }
  }

  @Test
  void anRtmpsCertificateThatDoesNotLoadFailsTheDeploymentNamingItsSettings(@TempDir Path dir)
      throws Exception {
    Path keystore = Keystores.selfSigned(dir.resolve("rtmps.p12"), dir);
    try (LogCapture log = LogCapture.of("io.rtmpt")) {
      assertThrows(
          IllegalStateException.class,
          () ->
              EmbeddedWebapp.start(
                      Map.of(
                          "rtmpt.rtmps-host",
                          "127.0.0.1",
                          "rtmpt.rtmps-port",
                          String.valueOf(Ports.freePort()),
                          "rtmpt.rtmps-keystore",
                          keystore.toString(),
                          "rtmpt.rtmps-keystore-password",
                          "not-the-password"))
                  .close());
      assertEquals(
          List.of(
              "io.rtmpt.webapp.GatewayBootstrap: rtmpt-bridge did not start:"
                  + " rtmpt.rtmps-keystore, rtmpt.rtmps-keystore-password: keystore "
                  + keystore
                  + ": wrong keystore password"),
          log.warnings());
    }
  }

  @Test
  void aGoodConfigurationAnswersOpenAndListensForRtmp() throws Exception {
    int rtmpPort = Ports.freePort();
    try (EmbeddedWebapp webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.idle-hold-ms", "150",
                "rtmpt.rtmp-host", "127.0.0.1",
                "rtmpt.rtmp-port", String.valueOf(rtmpPort)))) {
      assertInstanceOf(EngineUpstream.class, webapp.gateway().upstream());
      assertEquals(150, webapp.registry().config().idleHold().toMillis());

      HttpResponse<String> open = open(webapp);
      assertEquals(200, open.statusCode(), open.body());
      String id = open.body().trim();
      assertTrue(webapp.registry().session(id).isPresent(), "the tunnel " + id + " is open");
      assertEquals(1, webapp.engine().sessionCount(), "the tunnel's engine session");

      try (Socket rtmp = new Socket(InetAddress.getLoopbackAddress(), rtmpPort)) {
        rtmp.setSoTimeout(5000);
        OutputStream out = rtmp.getOutputStream();
        out.write(3); // C0: RTMP version 3
        out.write(new byte[1536]); // C1: time, zero, random (zeros will do)
        out.flush();
        DataInputStream in = new DataInputStream(rtmp.getInputStream());
        assertEquals(3, in.readUnsignedByte(), "S0 from the native RTMP listener");
        in.readFully(new byte[1536]); // S1
      }
    }
  }

  @Test
  void backendModeBuildsNoEngineAndNoRtmpListener() throws Exception {
    int rtmpPort = Ports.freePort();
    int closedBackend = Ports.freePort();
    try (EmbeddedWebapp webapp =
        EmbeddedWebapp.start(
            Map.of(
                "rtmpt.bridge",
                "backend",
                "rtmpt.backend",
                "127.0.0.1:" + closedBackend,
                "rtmpt.rtmp-host",
                "127.0.0.1",
                "rtmpt.rtmp-port",
                String.valueOf(rtmpPort)))) {
      assertInstanceOf(BackendUpstream.class, webapp.gateway().upstream());
      assertNull(webapp.engine());
      assertTrue(webapp.gateway().upstream().sessions().isEmpty());
      assertThrows(
          ConnectException.class,
          () -> new Socket(InetAddress.getLoopbackAddress(), rtmpPort).close(),
          "rtmpt.rtmp-port is ignored in backend mode");

      HttpResponse<String> open = open(webapp);
      assertEquals(502, open.statusCode(), "the tunnel leads to the unreachable backend");
    }
  }

  private static HttpResponse<String> open(EmbeddedWebapp webapp)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(webapp.httpBase() + "/open/1"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0}))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
