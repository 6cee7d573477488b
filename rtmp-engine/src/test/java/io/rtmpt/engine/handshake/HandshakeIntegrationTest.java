package io.rtmpt.engine.handshake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.Hex;
import io.rtmpt.engine.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ServerHandshake against real players over TCP: FFmpeg playing (it signs C1 and verifies the
 * server digest and the S2 signature) and rtmpdump (librtmp signs and verifies only for RTMPE or
 * SWF verification, so it runs once plain and once with SWF verification parameters). Passing means
 * the player went on to send its {@code connect} command. Skipped when the tool is missing, unless
 * interop.required.
 */
class HandshakeIntegrationTest {
  /** AMF0 string "connect": marker 0x02, length 7, the bytes; the start of the connect command. */
  private static final byte[] AMF0_CONNECT =
      Hex.decode("02 0007", Hex.encode("connect".getBytes(StandardCharsets.US_ASCII)));

  private static final int TIMEOUT_MILLIS = 10_000;

  @TempDir Path dir;

  @Test
  void ffmpegPlayingVerifiesTheServerDigestAndSendsConnect() throws Exception {
    Path ffmpeg = Interop.requireTool("ffmpeg");
    Path log = dir.resolve("ffmpeg.log");

    Served served =
        serve(
            port ->
                List.of(
                    ffmpeg.toString(),
                    "-hide_banner",
                    "-nostdin",
                    "-loglevel",
                    "debug",
                    "-rw_timeout",
                    "10000000",
                    "-i",
                    "rtmp://127.0.0.1:" + port + "/app/x",
                    "-f",
                    "null",
                    "-"),
            log);

    String output = Files.readString(log);
    assertTrue(served.server.isComplete(), output);
    assertTrue(served.server.clientUsedDigest(), "ffmpeg sends an FP9 digest in c1\n" + output);
    assertTrue(output.contains("Server version 4.5.0.1"), output);
    assertFalse(output.contains("Server response validating failed"), output);
    assertFalse(output.contains("Signature mismatch"), output);
    assertTrue(contains(served.afterC2, AMF0_CONNECT), "connect after the handshake\n" + output);
  }

  @Test
  void rtmpdumpWithoutSwfVerificationGetsThePlainAnswerAndSendsConnect() throws Exception {
    Path rtmpdump = Interop.requireTool("rtmpdump");
    Path log = dir.resolve("rtmpdump.log");

    Served served =
        serve(
            port ->
                List.of(
                    rtmpdump.toString(),
                    "--debug",
                    "-r",
                    "rtmp://127.0.0.1:" + port + "/app/x",
                    "-o",
                    "/dev/null",
                    "--live",
                    "-m",
                    "5"),
            log);

    String output = Files.readString(log);
    assertTrue(served.server.isComplete(), output);
    assertFalse(
        served.server.clientUsedDigest(), "librtmp signs c1 only for rtmpe or swfVfy\n" + output);
    assertTrue(output.contains("FMS Version   : 0.0.0.0"), output);
    assertFalse(output.contains("client signature does not match"), "s2 echoes c1\n" + output);
    assertTrue(contains(served.afterC2, AMF0_CONNECT), "connect after the handshake\n" + output);
  }

  /** With SWF verification parameters librtmp does the FP9 handshake and verifies S1 and S2. */
  @Test
  void rtmpdumpWithSwfVerificationVerifiesTheServerDigestAndSendsConnect() throws Exception {
    Path rtmpdump = Interop.requireTool("rtmpdump");
    Path log = dir.resolve("rtmpdump-swfvfy.log");
    String swfHash = "00".repeat(32);

    Served served =
        serve(
            port ->
                List.of(
                    rtmpdump.toString(),
                    "--debug",
                    "-r",
                    "rtmp://127.0.0.1:" + port + "/app/x",
                    "-o",
                    "/dev/null",
                    "--live",
                    "-m",
                    "5",
                    "--swfhash",
                    swfHash,
                    "--swfsize",
                    "1"),
            log);

    String output = Files.readString(log);
    assertTrue(served.server.isComplete(), output);
    assertTrue(served.server.clientUsedDigest(), "librtmp signs c1 with swfVfy\n" + output);
    assertTrue(output.contains("FMS Version   : 4.5.0.1"), output);
    assertFalse(output.contains("Couldn't verify the server digest"), output);
    assertFalse(output.contains("Server not genuine Adobe"), output);
    assertTrue(output.contains("Genuine Adobe Flash Media Server"), output);
    assertTrue(contains(served.afterC2, AMF0_CONNECT), "connect after the handshake\n" + output);
  }

  private record Served(ServerHandshake server, byte[] afterC2) {}

  /**
   * Starts the player against a one-connection server on 127.0.0.1:0, runs the handshake, then
   * reads the chunk stream until it contains the AMF0 "connect" (or EOF, or the timeout).
   */
  private static Served serve(IntFunction<List<String>> command, Path log) throws Exception {
    ServerHandshake server = new ServerHandshake();
    ByteArrayOutputStream afterC2 = new ByteArrayOutputStream();
    Process player = null;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(TIMEOUT_MILLIS);
      player = Interop.start(log, command.apply(listener.getLocalPort()));
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        byte[] buffer = new byte[8192];
        while (!contains(afterC2.toByteArray(), AMF0_CONNECT) && System.nanoTime() < deadline) {
          int n = readOrEof(in, buffer);
          if (n < 0) {
            break;
          }
          ByteBuffer received = ByteBuffer.wrap(buffer, 0, n);
          if (!server.isComplete()) {
            HandshakeResult result = server.process(received);
            out.write(result.response());
            out.flush();
          }
          afterC2.write(buffer, received.position(), received.remaining());
        }
      }
    } finally {
      Interop.destroy(player);
    }
    return new Served(server, afterC2.toByteArray());
  }

  private static int readOrEof(InputStream in, byte[] buffer) throws IOException {
    try {
      return in.read(buffer);
    } catch (SocketTimeoutException e) {
      return -1;
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
