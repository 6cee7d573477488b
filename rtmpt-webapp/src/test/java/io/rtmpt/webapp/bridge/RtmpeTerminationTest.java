package io.rtmpt.webapp.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.handshake.HandshakePolicy;
import io.rtmpt.engine.handshake.HandshakeRefusedException;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.VideoData;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.session.SessionInfo;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.engine.testing.FeedStrategy;
import io.rtmpt.engine.testing.Link;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.RtmpeLink;
import io.rtmpt.webapp.config.BackendRtmpe;
import io.rtmpt.webapp.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RTMPE termination in the backend bridge, peer by peer, in front of a real RTMP server on a TCP
 * port (the engine's own listener standing in for nginx-rtmp, which BackendRtmpteInteropTest uses
 * with rtmpdump): an RTMPE client gets its encrypted handshake from the gateway while the backend
 * sees a plain one, and every byte of the stream arrives decrypted and re-encrypted; plain clients,
 * and RTMPE with {@code pass}, go untouched; refused types and misbehaving backends end the tunnel
 * with the right kind of error.
 */
class RtmpeTerminationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RtmpEngine backendEngine;
  private RtmpServer backend;
  private BackendPeerFactory factory;

  @BeforeEach
  void startBackend() throws IOException {
    backendEngine = new RtmpEngine(EngineConfig.defaults());
    backend = new RtmpServer(backendEngine, "127.0.0.1", 0).start();
  }

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.close();
    }
    backend.close();
  }

  private BackendPeerFactory factory(HandshakePolicy policy, BackendRtmpe mode, int port) {
    factory = new BackendPeerFactory("127.0.0.1", port, 1 << 20, 1000).withRtmpe(policy, mode);
    return factory;
  }

  private BackendPeerFactory terminating() {
    return factory(HandshakePolicy.all(), BackendRtmpe.TERMINATE, backend.port());
  }

  @ParameterizedTest
  @EnumSource(
      value = HandshakeType.class,
      names = {"RTMPE", "RTMPE_XTEA", "RTMPE_BLOWFISH"})
  void anRtmpeClientPublishesToAPlainBackendAndAnotherPlaysItBackByteForByte(HandshakeType type)
      throws Exception {
    BackendPeerFactory peers = terminating();
    RtmpeLink<PeerLink> publisherLink = RtmpeLink.open(PeerLink.open(peers, "pub"), type, WAIT);
    assertEquals(type, publisherLink.answered(), "s0 echoes c0");
    assertTrue(publisherLink.serverSignatureValid(), "s2 as librtmp checks it");
    RtmpScript<RtmpeLink<PeerLink>> publisher = RtmpScript.afterHandshake(publisherLink);
    assertEquals("_result", publisher.connectApp("live").name());
    int streamId = publisher.createStream();
    CommandMessage started = publisher.publish(streamId, "terminated");
    assertEquals("NetStream.Publish.Start", RtmpScript.statusCode(started), started.toString());

    RtmpScript<RtmpeLink<PeerLink>> player =
        RtmpScript.afterHandshake(RtmpeLink.open(PeerLink.open(peers, "play"), type, WAIT));
    assertEquals("_result", player.connectApp("live").name());
    player.play(player.createStream(), "terminated");

    byte[][] sent = new byte[12][];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = new byte[5000 + 7000 * i];
      new Random(i).nextBytes(sent[i]);
      sent[i][0] = 0x17; // AVC keyframe
      sent[i][1] = 0x01;
      publisher.send(new VideoData(sent[i]), 6, streamId, 40L * i);
    }
    int received = 0;
    while (received < sent.length) {
      RawMessage message = player.next(WAIT);
      if (message == null) {
        break;
      }
      if (message.messageTypeId() == 9) {
        assertArrayEquals(sent[received], message.payload(), "frame " + received);
        received++;
      }
    }
    assertEquals(sent.length, received, "video frames through two terminations");

    List<SessionInfo> atBackend = backendEngine.sessions();
    assertEquals(2, atBackend.size(), atBackend.toString());
    for (SessionInfo s : atBackend) {
      assertEquals(HandshakeType.PLAIN, s.handshake(), "the backend speaks plain rtmp: " + s);
    }
    assertEquals(type, peers.handshake("pub").orElseThrow());
    assertTrue(peers.rtmpeTerminated("pub"));
    assertEquals(2, peers.handshakes().get(Transport.RTMPT, type, true));
    publisherLink.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = FeedStrategy.class,
      names = {"ONE_BYTE_AT_A_TIME", "RANDOM_SPLITS"})
  void theClientsBytesMayComeCutAnywhere(FeedStrategy strategy) throws Exception {
    BackendPeerFactory peers = terminating();
    // The tunnel hands over request bodies as they come: here every byte of the client's
    // stream, handshake included, arrives in the pieces the strategy cuts.
    RtmpeLink<CuttingLink> link =
        RtmpeLink.open(
            new CuttingLink(PeerLink.open(peers, "cut-" + strategy), strategy),
            HandshakeType.RTMPE,
            WAIT);
    RtmpScript<RtmpeLink<CuttingLink>> client = RtmpScript.afterHandshake(link);
    CommandMessage result = client.connectApp("live");
    assertEquals("_result", result.name());
    assertEquals("NetConnection.Connect.Success", RtmpScript.statusCode(result));
    assertEquals(HandshakeType.PLAIN, backendEngine.sessions().get(0).handshake());
    link.close();
  }

  @Test
  void aPlainClientPassesUntouched() throws Exception {
    BackendPeerFactory peers = terminating();
    RtmpScript<PeerLink> client = RtmpScript.start(PeerLink.open(peers, "plain"));
    assertEquals("_result", client.connectApp("live").name());
    assertEquals(HandshakeType.PLAIN, peers.handshake("plain").orElseThrow());
    assertFalse(peers.rtmpeTerminated("plain"));
    SessionInfo atBackend = backendEngine.sessions().get(0);
    assertEquals(HandshakeType.PLAIN, atBackend.handshake());
    assertEquals(1, peers.handshakes().get(Transport.RTMPT, HandshakeType.PLAIN, true));
    client.link().close();
  }

  @Test
  void withPassTheEncryptedBytesReachTheBackendUntouched() throws Exception {
    BackendPeerFactory peers = factory(HandshakePolicy.all(), BackendRtmpe.PASS, backend.port());
    RtmpScript<RtmpeLink<PeerLink>> client =
        RtmpScript.afterHandshake(
            RtmpeLink.open(PeerLink.open(peers, "pass"), HandshakeType.RTMPE, WAIT));
    assertEquals("_result", client.connectApp("live").name());
    assertFalse(peers.rtmpeTerminated("pass"));
    SessionInfo atBackend = backendEngine.sessions().get(0);
    assertEquals(HandshakeType.RTMPE, atBackend.handshake(), "the backend did the rtmpe itself");
    client.link().close();
  }

  @Test
  void aRefusedTypeEndsTheTunnelAsTheClientsProtocolErrorInOneLine() throws Exception {
    BackendPeerFactory peers =
        factory(HandshakePolicy.plainOnly(), BackendRtmpe.TERMINATE, backend.port());
    PeerLink link = PeerLink.open(peers, "refused");
    IOException e =
        assertThrows(
            IOException.class, () -> RtmpeLink.open(link, HandshakeType.RTMPE_BLOWFISH, WAIT));
    assertInstanceOf(HandshakeRefusedException.class, e);
    assertEquals(
        "rtmpe-blowfish handshake (c0 = 9) refused: accepted types are rtmp", e.getMessage());
    assertEquals(1, peers.handshakes().get(Transport.RTMPT, HandshakeType.RTMPE_BLOWFISH, false));
    link.close();
    Await.until("the backend saw no handshake", WAIT, () -> backendEngine.sessionCount() == 0);
  }

  @Test
  void aBackendThatNeverAnswersTheHandshakeIsThePeersFailureNotTheClients() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> accept(silent));
      BackendPeerFactory peers =
          factory(HandshakePolicy.all(), BackendRtmpe.TERMINATE, silent.getLocalPort());
      PeerLink link = PeerLink.open(peers, "silent");
      IOException e =
          assertThrows(IOException.class, () -> RtmpeLink.open(link, HandshakeType.RTMPE, WAIT));
      assertFalse(e instanceof ProtocolException, e.toString());
      assertEquals(
          "backend 127.0.0.1:"
              + silent.getLocalPort()
              + " did not answer the RTMP handshake within 1000 ms",
          e.getMessage());
      link.close();
      accepted.get(5, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aBackendAnsweringWithAnotherVersionIsThePeersFailure() throws Exception {
    try (ServerSocket odd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> answered =
          CompletableFuture.supplyAsync(
              () -> {
                Socket socket = accept(odd);
                try {
                  InputStream in = socket.getInputStream();
                  in.readNBytes(1537);
                  OutputStream out = socket.getOutputStream();
                  out.write(6);
                  out.write(new byte[3072]);
                  out.flush();
                } catch (IOException ex) {
                  throw new IllegalStateException(ex);
                }
                return socket;
              });
      BackendPeerFactory peers =
          factory(HandshakePolicy.all(), BackendRtmpe.TERMINATE, odd.getLocalPort());
      PeerLink link = PeerLink.open(peers, "odd");
      IOException e =
          assertThrows(IOException.class, () -> RtmpeLink.open(link, HandshakeType.RTMPE, WAIT));
      assertFalse(e instanceof ProtocolException, e.toString());
      assertEquals(
          "backend 127.0.0.1:"
              + odd.getLocalPort()
              + ": server answered rtmp version 0x06 in s0, want 0x03",
          e.getMessage());
      link.close();
      answered.get(5, TimeUnit.SECONDS).close();
    }
  }

  private static Socket accept(ServerSocket listener) {
    try {
      return listener.accept();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends every byte in the pieces a {@link FeedStrategy} cuts (its first cutting). */
  private static final class CuttingLink implements Link {
    private final PeerLink inner;
    private final FeedStrategy strategy;

    CuttingLink(PeerLink inner, FeedStrategy strategy) {
      this.inner = inner;
      this.strategy = strategy;
    }

    @Override
    public void send(byte[] bytes) throws IOException {
      for (ByteBuffer piece : strategy.cuts(bytes).get(0)) {
        inner.peer().write(piece);
      }
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
      return inner.receive(timeout);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
