package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.RtmpeLink;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.AdminWebapp;
import io.rtmpt.webapp.testing.Keystores;
import io.rtmpt.webapp.testing.Ports;
import io.rtmpt.webapp.testing.TlsProbe;
import io.rtmpt.webapp.testing.TunnelLink;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's view of the variants, against the whole web application: the RTMPS listener (PEM
 * files made by keytool and converted, as most CAs hand them out) with its certificate in the
 * overview, the operator's reload after a renewal (CSRF as for every action) and after a broken
 * one; RTMPE over TCP and RTMPTE through the tunnel listed as such, and counted in the metrics.
 */
class AdminRtmpsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = Path.of("target", "interop", "AdminRtmpsIntegrationTest");

  private static AdminWebapp webapp;
  private static int rtmpPort;
  private static int rtmpsPort;
  private static Path certificate;
  private static Path key;
  private static HttpClient browser;
  private static String csrfToken;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(DIR);
    Keystores.pem(Keystores.selfSigned(fresh(DIR.resolve("first.p12")), DIR));
    certificate = DIR.resolve("rtmps.crt");
    key = DIR.resolve("rtmps.key");
    Files.copy(DIR.resolve("first.crt"), certificate, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(DIR.resolve("first.key"), key, StandardCopyOption.REPLACE_EXISTING);
    do {
      rtmpPort = Ports.freePort();
      rtmpsPort = Ports.freePort();
    } while (rtmpPort == rtmpsPort);
    Map<String, String> settings = new HashMap<>();
    settings.put("rtmpt.rtmp-host", "127.0.0.1");
    settings.put("rtmpt.rtmp-port", String.valueOf(rtmpPort));
    settings.put("rtmpt.rtmps-host", "127.0.0.1");
    settings.put("rtmpt.rtmps-port", String.valueOf(rtmpsPort));
    settings.put("rtmpt.rtmps-certificate", certificate.toString());
    settings.put("rtmpt.rtmps-private-key", key.toString());
    settings.put("rtmpt.rtmps-reload-check-ms", "0"); // only the operator reloads here
    webapp = AdminWebapp.start(settings);
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
  }

  private static Path fresh(Path file) throws Exception {
    Files.deleteIfExists(file);
    return file;
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return browser.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(webapp.authorized(path).GET().build());
    assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> reload() throws Exception {
    if (csrfToken == null) {
      csrfToken = get("/admin/api/csrf").get("token").asText();
    }
    return send(
        webapp
            .authorized("/admin/api/rtmps/reload")
            .header("X-CSRF-Token", csrfToken)
            .header("Origin", webapp.httpBase())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  @Test
  void theOverviewShowsTheListenerAndItsCertificate() throws Exception {
    JsonNode rtmps = get("/admin/api/overview").get("rtmpsListener");
    assertEquals("127.0.0.1:" + rtmpsPort, rtmps.get("address").asText(), rtmps.toString());
    JsonNode served = rtmps.get("certificate");
    assertEquals("CN=localhost", served.get("subject").asText());
    assertEquals(TlsProbe.servedSerial(rtmpsPort), served.get("serialNumber").asText());
    long notAfter = served.get("notAfter").asLong();
    assertTrue(notAfter > System.currentTimeMillis(), served.toString());
    assertEquals(
        TlsProbe.servedCertificate(rtmpsPort).getNotAfter().getTime(), notAfter, "expiry shown");
    assertTrue(served.get("source").asText().contains(certificate.toString()), served.toString());
    assertEquals(rtmps, get("/admin/api/rtmps"));

    String metrics = send(webapp.authorized("/metrics").GET().build()).body();
    assertTrue(
        metrics.contains(
            "rtmpt_rtmps_certificate_expiry_timestamp_seconds " + (double) (notAfter / 1000)),
        metrics);
  }

  @Test
  void theOperatorsReloadServesARenewedCertificateAndKeepsTheOldOneWhenTheFilesAreBroken()
      throws Exception {
    String before = TlsProbe.servedSerial(rtmpsPort);
    HttpResponse<String> withoutToken =
        send(
            webapp
                .authorized("/admin/api/rtmps/reload")
                .header("Origin", webapp.httpBase())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(403, withoutToken.statusCode(), "an action without the CSRF token");

    Keystores.pem(Keystores.selfSigned(fresh(DIR.resolve("renewed.p12")), DIR));
    Files.copy(DIR.resolve("renewed.crt"), certificate, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(DIR.resolve("renewed.key"), key, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(before, TlsProbe.servedSerial(rtmpsPort), "no file check: not reloaded yet");

    HttpResponse<String> reloaded = reload();
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    String renewed = JSON.readTree(reloaded.body()).get("reloaded").get("serialNumber").asText();
    assertTrue(!renewed.equals(before), "a new serial number: " + reloaded.body());
    assertEquals(renewed, TlsProbe.servedSerial(rtmpsPort), "a new client sees the new one");
    assertEquals(renewed, get("/admin/api/rtmps").get("certificate").get("serialNumber").asText());

    Files.copy(DIR.resolve("first.key"), key, StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<String> broken = reload();
    assertEquals(500, broken.statusCode(), broken.body());
    JsonNode error = JSON.readTree(broken.body());
    assertEquals("reload-failed", error.get("error").asText());
    assertTrue(
        error.get("message").asText().contains("private key does not belong to the certificate"),
        broken.body());
    assertEquals(renewed, TlsProbe.servedSerial(rtmpsPort), "the old certificate stays");
    Files.copy(DIR.resolve("renewed.key"), key, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void rtmpeAndRtmpteSessionsAreListedAsSuchAndCountedByType() throws Exception {
    try (RtmpeLink<SocketLink> tls =
            RtmpeLink.open(
                SocketLink.over(TlsProbe.connect(rtmpsPort)),
                HandshakeType.RTMPE_BLOWFISH,
                Duration.ofSeconds(10));
        RtmpeLink<SocketLink> tcp =
            RtmpeLink.open(
                SocketLink.connect("127.0.0.1", rtmpPort),
                HandshakeType.RTMPE,
                Duration.ofSeconds(10));
        RtmpeLink<TunnelLink> tunnel =
            RtmpeLink.open(
                TunnelLink.open(webapp.httpBase()),
                HandshakeType.RTMPE_XTEA,
                Duration.ofSeconds(10))) {
      assertEquals("_result", RtmpScript.afterHandshake(tls).connectApp("live").name());
      assertEquals("_result", RtmpScript.afterHandshake(tcp).connectApp("live").name());
      assertEquals("_result", RtmpScript.afterHandshake(tunnel).connectApp("live").name());

      JsonNode sessions = get("/admin/api/sessions");
      Map<String, String> variants = new HashMap<>();
      for (JsonNode row : sessions) {
        if (row.get("handshake").isNull()) {
          continue; // a TLS probe of another test, closing
        }
        variants.put(
            row.get("transport").asText() + " " + row.get("handshake").asText(),
            row.get("variant").asText());
      }
      assertEquals(
          Map.of(
              "rtmps rtmpe-blowfish",
              "rtmps+rtmpe",
              "rtmp rtmpe",
              "rtmpe",
              "rtmpt rtmpe-xtea",
              "rtmpte"),
          variants,
          sessions.toString());
      JsonNode tunnelRow = get("/admin/api/sessions/t-" + tunnel.inner().sessionId());
      assertEquals("rtmpte", tunnelRow.get("variant").asText());

      String metrics = send(webapp.authorized("/metrics").GET().build()).body();
      assertTrue(
          metrics.contains(
              "rtmpt_handshakes_total{result=\"accepted\",transport=\"rtmp\",type=\"rtmpe\"} 1.0"),
          metrics);
      assertTrue(
          metrics.contains(
              "rtmpt_handshakes_total{result=\"accepted\",transport=\"rtmpt\","
                  + "type=\"rtmpe-xtea\"} 1.0"),
          metrics);
      tunnel.inner().closeTunnel();
    }
  }
}
