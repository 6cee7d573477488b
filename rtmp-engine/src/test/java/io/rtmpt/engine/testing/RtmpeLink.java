package io.rtmpt.engine.testing;

import io.rtmpt.engine.crypto.ReferenceRc4;
import io.rtmpt.engine.handshake.DiffieHellman;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.handshake.RtmpeTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

/**
 * A {@link Link} that speaks RTMPE over another link, as librtmp does: {@link #open} makes the
 * encrypted handshake ({@link RtmpeTestClient}), then every byte sent is RC4-encrypted with the
 * client-to-server key and every byte received decrypted with the other one ({@link ReferenceRc4},
 * 1536 keystream bytes discarded each way). Use it with {@link RtmpScript#afterHandshake}.
 *
 * @param <L> the link underneath (TCP, the RTMPT tunnel...)
 */
public final class RtmpeLink<L extends Link> implements Link {
  private final L inner;
  private final HandshakeType answered;
  private final ReferenceRc4 encrypt;
  private final ReferenceRc4 decrypt;
  private final boolean serverSignatureValid;
  private byte[] leftover;

  private RtmpeLink(L inner, HandshakeType answered, RtmpeTestClient client, byte[] leftover) {
    this.inner = inner;
    this.answered = answered;
    this.encrypt = new ReferenceRc4(client.keys().encryptKey()).skip(1536);
    this.decrypt = new ReferenceRc4(client.keys().decryptKey()).skip(1536);
    this.serverSignatureValid = client.serverSignatureValid();
    this.leftover = leftover;
  }

  /**
   * Sends C0 C1 of {@code type} over {@code inner}, waits up to {@code timeout} for S0 S1 S2 and
   * sends C2.
   *
   * @throws IOException when the server does not answer in time or its answer is bad
   */
  public static <L extends Link> RtmpeLink<L> open(L inner, HandshakeType type, Duration timeout)
      throws IOException {
    RtmpeTestClient client =
        new RtmpeTestClient(
            type, DiffieHellman.generate(new SecureRandom()), new SecureRandom(), Scheme.KEY_FIRST);
    inner.send(client.c0c1());
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answer.size() < 3073) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("only " + answer.size() + " of s0 s1 s2 after " + timeout);
      }
      answer.writeBytes(inner.receive(Duration.ofNanos(left)));
    }
    byte[] all = answer.toByteArray();
    inner.send(client.c2(Arrays.copyOf(all, 3073)));
    HandshakeType answered = HandshakeType.ofCode(all[0] & 0xFF).orElseThrow();
    return new RtmpeLink<>(inner, answered, client, Arrays.copyOfRange(all, 3073, all.length));
  }

  /** The link underneath. */
  public L inner() {
    return inner;
  }

  /** The type the server's S0 named. */
  public HandshakeType answered() {
    return answered;
  }

  /** Whether S2 carried the signature librtmp checks ("Genuine Adobe Flash Media Server"). */
  public boolean serverSignatureValid() {
    return serverSignatureValid;
  }

  @Override
  public void send(byte[] bytes) throws IOException {
    inner.send(encrypt.apply(bytes.clone()));
  }

  @Override
  public byte[] receive(Duration timeout) throws IOException {
    byte[] bytes = leftover.length > 0 ? leftover : inner.receive(timeout);
    leftover = new byte[0];
    return decrypt.apply(bytes);
  }

  @Override
  public String tcUrl(String app) {
    return inner.tcUrl(app).replaceFirst("^rtmp(t?)", "rtmp$1e");
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
