package io.rtmpt.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.live.StreamKey;
import io.rtmpt.engine.server.TestCertificates.KeyForm;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.engine.testing.Ffmpeg.Probe;
import io.rtmpt.engine.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg over {@code rtmps://} against two TLS listeners of one engine: one with a PKCS12 key store
 * made by keytool, one with a PEM pair made by openssl. ffmpeg publishes to the first and plays
 * from the second; the frames must decode, and the engine must report both sessions as RTMPS. Logs
 * and the recording under target/interop/RtmpsInteropTest/.
 */
class RtmpsInteropTest {
  private static final Path LOGS = Path.of("target", "interop", "RtmpsInteropTest");
  private static final StreamKey KEY = new StreamKey("live", "tls");
  private static final int MIN_FRAMES_IN_5S = (int) Math.ceil(0.9 * 5 * Ffmpeg.FPS);

  private static RtmpEngine engine;
  private static RtmpServer keystoreListener;
  private static RtmpServer pemListener;
  private static ExternalProcess publisher;

  @BeforeAll
  static void start() throws Exception {
    Interop.requireTool("ffmpeg");
    Path certs = LOGS.resolve("certs");
    Files.createDirectories(certs);
    Files.deleteIfExists(certs.resolve("keystore.p12"));
    Path keystore = TestCertificates.keytoolPkcs12(certs, "keystore");
    Path[] pem = TestCertificates.opensslPem(certs, "pem", KeyForm.PKCS8_RSA);
    engine = new RtmpEngine(EngineConfig.defaults());
    keystoreListener =
        new RtmpServer(
                engine,
                "127.0.0.1",
                0,
                TlsSettings.of(CertificateSource.keyStore(keystore, TestCertificates.PASSWORD)))
            .start();
    pemListener =
        new RtmpServer(
                engine, "127.0.0.1", 0, TlsSettings.of(CertificateSource.pem(pem[0], pem[1])))
            .start();
    publisher =
        ExternalProcess.start(
            "ffmpeg-rtmps-publish", LOGS, Ffmpeg.publish(url(keystoreListener), 0));
    FfmpegInteropTest.awaitPublishing(engine, KEY, publisher);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.stop(Duration.ofSeconds(3));
    }
    for (RtmpServer server : new RtmpServer[] {keystoreListener, pemListener}) {
      if (server != null) {
        server.close();
      }
    }
  }

  private static String url(RtmpServer server) {
    return "rtmps://127.0.0.1:" + server.port() + "/" + KEY.app() + "/" + KEY.name();
  }

  @Test
  void ffmpegPublishesToTheKeystoreListenerAndPlaysFromThePemListener() throws Exception {
    Path flv = LOGS.resolve("ffmpeg-rtmps-play.flv");
    List<SessionInfo> during;
    try (ExternalProcess player =
        ExternalProcess.start("ffmpeg-rtmps-play", LOGS, Ffmpeg.record(url(pemListener), 5, flv))) {
      awaitSessions(2);
      during = engine.sessions();
      assertEquals(0, player.waitFor(Duration.ofSeconds(40)), player.tail());
    }

    assertEquals(2, during.size(), "publisher and player: " + during);
    for (SessionInfo session : during) {
      assertEquals(Transport.RTMPS, session.transport(), session.toString());
    }
    Probe played = Ffmpeg.probe(flv, LOGS);
    assertEquals("h264", played.videoCodec());
    assertEquals(Ffmpeg.WIDTH, played.width());
    assertEquals(Ffmpeg.HEIGHT, played.height());
    assertEquals("aac", played.audioCodec());
    assertTrue(
        played.videoFrames() >= MIN_FRAMES_IN_5S,
        "ffmpeg got " + played.videoFrames() + " frames over rtmps in 5 s");
  }

  private static void awaitSessions(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (engine.sessionCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(count, engine.sessionCount(), "sessions open: " + engine.sessions());
  }
}
