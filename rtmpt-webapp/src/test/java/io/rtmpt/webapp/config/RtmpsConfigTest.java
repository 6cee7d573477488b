package io.rtmpt.webapp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rtmpt.engine.handshake.HandshakePolicy;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.server.CertificateSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The variants' settings: the RTMPS listener's (off, a key store, PEM files, and each way of
 * getting them wrong), the accepted handshake types and what the backend bridge does with RTMPE.
 */
class RtmpsConfigTest {
  private static Settings parameters(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return new Settings(map, Map.of(), Map.of());
  }

  private static String refusal(String... pairs) {
    return assertThrows(IllegalArgumentException.class, () -> RtmpsConfig.from(parameters(pairs)))
        .getMessage();
  }

  @Test
  void offByDefaultAndThenNeedsNoCertificate() {
    RtmpsConfig off = RtmpsConfig.from(parameters("rtmpt.rtmps-keystore", "/nowhere.p12"));
    assertFalse(off.enabled());
    assertNull(off.tls());
  }

  @Test
  void aKeyStoreOrPemFilesWithTheTimeouts() {
    RtmpsConfig keyStore =
        RtmpsConfig.from(
            parameters(
                "rtmpt.rtmps-port", "443",
                "rtmpt.rtmps-keystore", "/etc/rtmpt.p12",
                "rtmpt.rtmps-keystore-password", "secret"));
    assertEquals(443, keyStore.port());
    assertEquals("0.0.0.0", keyStore.host());
    assertEquals(
        CertificateSource.keyStore(Path.of("/etc/rtmpt.p12"), "secret"),
        keyStore.tls().certificates());
    assertEquals(Duration.ofMinutes(1), keyStore.tls().reloadCheckInterval());
    assertEquals(Duration.ofSeconds(10), keyStore.tls().handshakeTimeout());
    assertEquals(
        "rtmpt.rtmps-keystore, rtmpt.rtmps-keystore-password", keyStore.certificateSettings());

    RtmpsConfig pem =
        RtmpsConfig.from(
            parameters(
                "rtmpt.rtmps-port", "1936",
                "rtmpt.rtmps-host", "127.0.0.1",
                "rtmpt.rtmps-certificate", "/etc/fullchain.pem",
                "rtmpt.rtmps-private-key", "/etc/privkey.pem",
                "rtmpt.rtmps-reload-check-ms", "0",
                "rtmpt.rtmps-handshake-timeout-ms", "5s"));
    assertEquals(
        new CertificateSource.PemFiles(
            Path.of("/etc/fullchain.pem"), Path.of("/etc/privkey.pem"), null),
        pem.tls().certificates());
    assertEquals(Duration.ZERO, pem.tls().reloadCheckInterval());
    assertEquals(Duration.ofSeconds(5), pem.tls().handshakeTimeout());
    assertEquals("rtmpt.rtmps-certificate, rtmpt.rtmps-private-key", pem.certificateSettings());
  }

  @Test
  void eachMistakeIsOneLineNamingTheSetting() {
    assertEquals(
        "rtmpt.rtmps-port from servlet context init parameter rtmpt.rtmps-port: '443' needs a"
            + " certificate: rtmpt.rtmps-keystore (with rtmpt.rtmps-keystore-password) or"
            + " rtmpt.rtmps-certificate and rtmpt.rtmps-private-key",
        refusal("rtmpt.rtmps-port", "443"));
    assertEquals(
        "rtmpt.rtmps-keystore-password is not set: rtmpt.rtmps-keystore /etc/rtmpt.p12 needs it",
        refusal("rtmpt.rtmps-port", "443", "rtmpt.rtmps-keystore", "/etc/rtmpt.p12"));
    assertEquals(
        "rtmpt.rtmps-certificate is set but rtmpt.rtmps-private-key is not: PEM needs both files",
        refusal("rtmpt.rtmps-port", "443", "rtmpt.rtmps-certificate", "/etc/fullchain.pem"));
    assertEquals(
        "rtmpt.rtmps-keystore from servlet context init parameter rtmpt.rtmps-keystore and"
            + " rtmpt.rtmps-private-key are both set: give a key store or PEM files, not both",
        refusal(
            "rtmpt.rtmps-port",
            "443",
            "rtmpt.rtmps-keystore",
            "/etc/rtmpt.p12",
            "rtmpt.rtmps-private-key",
            "/etc/privkey.pem"));
    assertEquals(
        "rtmpt.rtmps-port from servlet context init parameter rtmpt.rtmps-port: '70000' is above"
            + " the maximum 65535",
        refusal("rtmpt.rtmps-port", "70000"));
  }

  @Test
  void handshakeTypesDefaultToAllAndAPlainOnlyListRefusesRc4() {
    assertEquals(HandshakePolicy.all(), WebappConfig.from(parameters()).engine().handshakePolicy());
    HandshakePolicy plain =
        WebappConfig.from(parameters("rtmpt.handshake-types", "rtmp")).engine().handshakePolicy();
    assertFalse(plain.accepts(HandshakeType.RTMPE));
    assertEquals(
        HandshakePolicy.of(HandshakeType.PLAIN, HandshakeType.RTMPE),
        WebappConfig.from(parameters("rtmpt.handshake-types", " RTMP , rtmpe "))
            .engine()
            .handshakePolicy());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebappConfig.from(parameters("rtmpt.handshake-types", "rtmp,rc4")));
    assertEquals(
        "rtmpt.handshake-types from servlet context init parameter rtmpt.handshake-types:"
            + " 'rtmp,rc4': unknown handshake type 'rc4': use rtmp, rtmpe, rtmpe-xtea or"
            + " rtmpe-blowfish",
        e.getMessage());
  }

  @Test
  void backendRtmpeIsTerminatedByDefaultOrPassed() {
    assertEquals(BackendRtmpe.TERMINATE, WebappConfig.from(parameters()).backendRtmpe());
    assertEquals(
        BackendRtmpe.PASS,
        WebappConfig.from(parameters("rtmpt.backend-rtmpe", "pass")).backendRtmpe());
  }
}
