package io.rtmpt.engine.handshake;

import io.rtmpt.engine.testing.Hex;
import io.rtmpt.engine.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code rtmpdump --debug -r rtmpe://...} connection against a {@link ServerHandshake} on a
 * plain socket, recording the bytes both ways and the values librtmp logs about its side of the
 * handshake (its DH shared secret, RC4 keys and signatures): the raw material of the known-answer
 * vectors and of {@link RtmpdumpRtmpeTest}.
 *
 * <p>rtmpdump always sends C0 = 6. To make it use the type 8 (XTEA) or 9 (Blowfish) signature
 * encryption, the server answers as if C0 had been {@code answerType} (librtmp's own server answers
 * 8 the same way): librtmp then warns "Type mismatch" and follows S0.
 */
final class RtmpdumpCapture {
  private static final int TIMEOUT_MILLIS = 10_000;

  /** What one run produced; librtmp's values are empty arrays when its log lacks them. */
  record Capture(
      HandshakeType answerType,
      BigInteger serverPrivateKey,
      byte[] c0c1,
      byte[] s0s1s2,
      byte[] c2,
      byte[] afterC2,
      byte[] librtmpSecret,
      byte[] librtmpOutKey,
      byte[] librtmpInKey,
      byte[] librtmpC2Signature,
      byte[] librtmpExpectedS2Signature,
      String log) {}

  private RtmpdumpCapture() {}

  static Capture run(HandshakeType answerType, BigInteger serverPrivateKey, Path dir)
      throws Exception {
    return run(answerType, serverPrivateKey, dir, 2000);
  }

  /**
   * As {@link #run(HandshakeType, BigInteger, Path)}, reading after C2 until {@code settleMillis}
   * pass without data.
   */
  static Capture run(
      HandshakeType answerType, BigInteger serverPrivateKey, Path dir, int settleMillis)
      throws Exception {
    Path rtmpdump = Interop.requireTool("rtmpdump");
    Path log = dir.resolve("rtmpdump-" + answerType.code() + ".log");
    ServerHandshake server =
        new ServerHandshake(
            HandshakePolicy.all(),
            new Random(answerType.code()),
            () -> 0L,
            () -> DiffieHellman.withPrivateKey(serverPrivateKey));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] answer = null;
    Process player = null;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(TIMEOUT_MILLIS);
      player =
          Interop.start(
              log,
              List.of(
                  rtmpdump.toString(),
                  "--debug",
                  "-r",
                  "rtmpe://127.0.0.1:" + listener.getLocalPort() + "/live/x",
                  "-o",
                  "/dev/null",
                  "--live",
                  "-m",
                  "5"));
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(settleMillis);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        // Until C0 C1 C2 and some chunk bytes are in: rtmpdump then waits for our reply.
        while (received.size() < 3073 + 100 && System.nanoTime() < deadline) {
          int n = readOrEof(in, buffer);
          if (n < 0) {
            break;
          }
          if (received.size() == 0 && n > 0 && buffer[0] == 6) {
            buffer[0] = (byte) answerType.code();
          }
          received.write(buffer, 0, n);
          if (!server.isComplete()) {
            byte[] response = server.process(ByteBuffer.wrap(buffer, 0, n)).response();
            if (response.length > 0) {
              answer = response;
              out.write(response);
              out.flush();
            }
          }
        }
        // Whatever else arrives within the read timeout (the rest of connect).
        int n;
        while (received.size() < 3073 + 4096 && (n = readOrEof(in, buffer)) > 0) {
          received.write(buffer, 0, n);
        }
      }
    } finally {
      Interop.destroy(player);
    }
    byte[] all = received.toByteArray();
    all[0] = 6; // what rtmpdump really sent
    String text = Files.exists(log) ? Files.readString(log) : "";
    return new Capture(
        answerType,
        serverPrivateKey,
        Arrays.copyOfRange(all, 0, Math.min(all.length, 1537)),
        answer == null ? new byte[0] : answer,
        all.length >= 3073 ? Arrays.copyOfRange(all, 1537, 3073) : new byte[0],
        all.length > 3073 ? Arrays.copyOfRange(all, 3073, all.length) : new byte[0],
        loggedHex(text, "Secret key:", 128),
        loggedHex(text, "RC4 Out Key:", 16),
        loggedHex(text, "RC4 In Key:", 16),
        loggedHex(text, "Client signature calculated:", 32),
        loggedHex(text, "HandShake: Signature calculated:", 32),
        text);
  }

  /** The bytes of the RTMP_LogHex dump that follows the first line containing {@code label}. */
  static byte[] loggedHex(String log, String label, int length) {
    String[] lines = log.split("\n");
    Pattern hexLine = Pattern.compile("^DEBUG: ((?:[0-9a-f]{2} ?)+)$");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].contains(label)) {
        continue;
      }
      List<String> hex = new ArrayList<>();
      for (int j = i + 1; j < lines.length && hex.size() < length; j++) {
        Matcher m = hexLine.matcher(lines[j].trim());
        if (!m.matches()) {
          break;
        }
        hex.addAll(List.of(m.group(1).trim().split(" ")));
      }
      return hex.size() == length ? Hex.decode(String.join("", hex)) : new byte[0];
    }
    return new byte[0];
  }

  private static int readOrEof(InputStream in, byte[] buffer) throws IOException {
    try {
      return in.read(buffer);
    } catch (SocketTimeoutException e) {
      return -1;
    }
  }
}
