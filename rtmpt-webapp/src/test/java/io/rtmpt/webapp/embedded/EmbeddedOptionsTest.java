package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedOptionsTest {

  @Test
  void theNodeIdComesFromTheFlagOrTheEnvironmentAndIsUnsetByDefault() {
    assertNull(EmbeddedOptions.parse(new String[0], Map.of()).nodeId());
    assertEquals(
        "gw1", EmbeddedOptions.parse(new String[] {"--node-id", "gw1"}, Map.of()).nodeId());
    assertEquals(
        "gw2", EmbeddedOptions.parse(new String[0], Map.of("RTMPT_NODE_ID", "gw2")).nodeId());
    assertEquals(
        "gw1",
        EmbeddedOptions.parse(new String[] {"--node-id=gw1"}, Map.of("RTMPT_NODE_ID", "gw2"))
            .nodeId());
  }

  @Test
  void aNodeIdThatIsNotLowerCaseLettersAndDigitsIsRefusedNamingTheFlag() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedOptions.parse(new String[] {"--node-id", "GW-1"}, Map.of()));
    assertEquals("--node-id 'GW-1' is not 1 to 16 lower-case letters and digits", e.getMessage());
  }

  @Test
  void quickAcknowledgementsAreOnByDefaultAndSwitchOffByFlagOrEnvironment() {
    assertTrue(EmbeddedOptions.parse(new String[0], Map.of()).tcpQuickAck());
    assertFalse(
        EmbeddedOptions.parse(new String[] {"--tcp-quickack", "off"}, Map.of()).tcpQuickAck());
    assertFalse(
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_TCP_QUICKACK", "off")).tcpQuickAck());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedOptions.parse(new String[] {"--tcp-quickack", "yes"}, Map.of()));
    assertTrue(e.getMessage().startsWith("--tcp-quickack 'yes'"), e.getMessage());
  }

  @Test
  void helpListsTheNodeIdWithItsVariable() {
    String usage = EmbeddedOptions.usage();
    assertTrue(usage.contains("  --node-id ID "), usage);
    assertTrue(usage.contains("[RTMPT_NODE_ID]"), usage);
  }

  @Test
  void theMediaDirectoriesComeFromFlagsOrTheEnvironmentAndAreUnsetByDefault() {
    EmbeddedOptions none = EmbeddedOptions.parse(new String[0], Map.of());
    assertNull(none.vodDir());
    assertNull(none.recordDir());
    EmbeddedOptions flags =
        EmbeddedOptions.parse(
            new String[] {"--vod-dir", "/srv/media", "--record-dir=/srv/rec"},
            Map.of("RTMPT_VOD_DIR", "/elsewhere"));
    assertEquals("/srv/media", flags.vodDir());
    assertEquals("/srv/rec", flags.recordDir());
    assertEquals(
        "/env/rec",
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_RECORD_DIR", "/env/rec")).recordDir());
    String usage = EmbeddedOptions.usage();
    assertTrue(usage.contains("  --vod-dir DIR "), usage);
    assertTrue(usage.contains("[RTMPT_RECORD_DIR]"), usage);
  }

  private static String refusal(Map<String, String> environment, String... args) {
    return assertThrows(
            IllegalArgumentException.class, () -> EmbeddedOptions.parse(args, environment))
        .getMessage();
  }

  @Test
  void rtmpsAndHttpsNeedOneCertificateSourceAndSayWhichFlagIsMissing(@TempDir Path dir)
      throws Exception {
    Path pem = Files.writeString(dir.resolve("a.pem"), "x");
    String cert = pem.toString();
    assertEquals(
        "--rtmps-port 1936 needs --keystore FILE or --tls-cert and --tls-key",
        refusal(Map.of(), "--rtmps-port", "1936"));
    assertEquals(
        "--https-port 8443 needs --keystore FILE or --tls-cert and --tls-key",
        refusal(Map.of(), "--https-port", "8443"));
    assertEquals(
        "--tls-cert needs --tls-key FILE",
        refusal(Map.of(), "--rtmps-port", "1", "--tls-cert", cert));
    assertEquals(
        "--keystore and --tls-cert are both given: use a keystore or PEM files, not both",
        refusal(
            Map.of(),
            "--https-port",
            "8443",
            "--keystore",
            cert,
            "--keystore-password",
            "p",
            "--tls-cert",
            cert));
    assertEquals(
        "--tls-key " + dir.resolve("missing.key") + ": no readable file there",
        refusal(
            Map.of(),
            "--rtmps-port",
            "1936",
            "--tls-cert",
            cert,
            "--tls-key",
            dir.resolve("missing.key").toString()));
    assertEquals(
        "--keystore needs --keystore-password",
        refusal(Map.of(), "--https-port", "8443", "--keystore", cert));
    assertEquals(
        0,
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_KEYSTORE", "/run/secrets/rtmpt.p12"))
            .httpsPort(),
        "the image's RTMPT_KEYSTORE alone, HTTPS and RTMPS off: nothing to check");
    assertEquals(
        "--tls-reload-check-ms '-1' is not a number of milliseconds (0 or more)",
        refusal(Map.of(), "--tls-reload-check-ms", "-1"));
  }

  @Test
  void pemFilesAndTheRtmpsPortComeFromFlagsOrTheEnvironment(@TempDir Path dir) throws Exception {
    String cert = Files.writeString(dir.resolve("a.crt"), "x").toString();
    String key = Files.writeString(dir.resolve("a.key"), "x").toString();
    EmbeddedOptions options =
        EmbeddedOptions.parse(
            new String[] {"--tls-cert", cert, "--tls-key", key},
            Map.of("RTMPT_RTMPS_PORT", "1936", "RTMPT_TLS_KEY_PASSWORD", "secret"));
    assertEquals(1936, options.rtmpsPort());
    assertEquals(Path.of(cert), options.tlsCertificate());
    assertEquals(Path.of(key), options.tlsKey());
    assertEquals("secret", options.tlsKeyPassword());
    assertEquals(60_000, options.tlsReloadCheckMillis());
    assertEquals(0, EmbeddedOptions.parse(new String[0], Map.of()).rtmpsPort(), "off by default");
  }

  @Test
  void theDrainGraceComesFromTheFlagOrTheEnvironmentInTheSettingsForm() {
    assertNull(
        EmbeddedOptions.parse(new String[0], Map.of()).drainGrace(), "the setting's default");
    assertEquals(
        "30s",
        EmbeddedOptions.parse(new String[] {"--drain-grace-ms", "30s"}, Map.of()).drainGrace());
    assertEquals(
        "5000",
        EmbeddedOptions.parse(new String[0], Map.of("RTMPT_DRAIN_GRACE_MS", "5000")).drainGrace());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedOptions.parse(new String[] {"--drain-grace-ms", "soon"}, Map.of()));
    assertEquals(
        "--drain-grace-ms 'soon' is not a duration (milliseconds, or 30s, 2m)", e.getMessage());
    assertTrue(EmbeddedOptions.usage().contains("[RTMPT_DRAIN_GRACE_MS]"));
  }
}
