package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakePackets.NO_BYTES;
import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;
import static io.rtmpt.engine.handshake.HandshakePackets.RTMP_VERSION;
import static io.rtmpt.engine.handshake.HandshakePackets.VERSION_OFFSET;

import io.rtmpt.engine.handshake.HandshakeDigest.Key;
import io.rtmpt.engine.handshake.HandshakeDigest.Scheme;
import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The client side of the RTMP handshake, without I/O, for the scripted test client and the
 * benchmarks: {@link #start()} gives C0 C1, then {@link #process} consumes S0 S1 S2 and returns C2.
 *
 * <p>Plain ({@code withDigest = false}): C1 = uptime + four zero bytes + random; C2 = S1 echoed.
 *
 * <p>With digest: C1 carries FFmpeg's client version {@code 9.0.124.2} and a Flash Player 9 digest
 * under {@link Scheme#DIGEST_FIRST}, as FFmpeg sends it for plain RTMP. If S1's version is non-zero
 * its digest is checked under both schemes and C2 = random bytes signed for the server's digest,
 * and S2's signature for the client's digest is checked; {@link #serverDigestValid()} reports the
 * outcome instead of failing, so that tests can look at a bad server. A server that answers with a
 * zero version gets the plain C2.
 *
 * <p>Not thread-safe.
 */
public final class ClientHandshake {
  /** The Flash Player version FFmpeg's client announces (RTMP_CLIENT_VER1..4). */
  private static final byte[] CLIENT_VERSION = {9, 0, 124, 2};

  /**
   * Where the client is in the handshake.
   *
   * <pre>
   *   NOT_STARTED
   *        | start(): C0 C1 out
   *        v
   *   AWAITING_S0 --S0 != 3--&gt; FAILED
   *        | S0 = 3
   *        v
   *   AWAITING_S1
   *        | 1536 bytes
   *        v
   *   AWAITING_S2
   *        | 1536 bytes: C2 out
   *        v
   *   COMPLETE
   * </pre>
   *
   * COMPLETE consumes nothing more; FAILED is terminal and refuses every further call.
   */
  private enum State {
    NOT_STARTED,
    AWAITING_S0,
    AWAITING_S1,
    AWAITING_S2,
    COMPLETE,
    FAILED
  }

  private final boolean withDigest;
  private final Random random;
  private final LongSupplier millisClock;
  private final long epochMillis;
  private final PacketBuffer packet = new PacketBuffer(PACKET_SIZE);
  private State state = State.NOT_STARTED;
  private byte[] c1;
  private byte[] s1;
  private boolean serverDigestValid;

  /**
   * A client handshake with {@link SecureRandom} bytes, with or without the Flash Player 9 digest.
   */
  public ClientHandshake(boolean withDigest) {
    this(withDigest, new SecureRandom(), () -> System.nanoTime() / 1_000_000L);
  }

  /** A client handshake with the given sources, for reproducible tests. */
  public ClientHandshake(boolean withDigest, Random random, LongSupplier millisClock) {
    this.withDigest = withDigest;
    this.random = Objects.requireNonNull(random, "random");
    this.millisClock = Objects.requireNonNull(millisClock, "millisClock");
    this.epochMillis = millisClock.getAsLong();
  }

  /**
   * C0 and C1, to send first.
   *
   * @throws IllegalStateException when called twice
   */
  public byte[] start() {
    if (state != State.NOT_STARTED) {
      throw new IllegalStateException("client handshake already started (state " + state + ")");
    }
    c1 = new byte[PACKET_SIZE];
    random.nextBytes(c1);
    Bytes.putU32(c1, 0, millisClock.getAsLong() - epochMillis);
    if (withDigest) {
      System.arraycopy(CLIENT_VERSION, 0, c1, VERSION_OFFSET, CLIENT_VERSION.length);
      HandshakeDigest.imprint(c1, Scheme.DIGEST_FIRST, Key.FLASH_PLAYER);
    } else {
      Bytes.putU32(c1, VERSION_OFFSET, 0);
    }
    byte[] c0c1 = new byte[1 + PACKET_SIZE];
    c0c1[0] = RTMP_VERSION;
    System.arraycopy(c1, 0, c0c1, 1, PACKET_SIZE);
    state = State.AWAITING_S0;
    return c0c1;
  }

  /**
   * Consumes what it can of {@code in}, never beyond the end of S2: later bytes stay in {@code in}.
   * Once complete, further calls return an empty complete result and leave {@code in} untouched.
   *
   * @return C2 in the call that completes S2, otherwise no bytes
   * @throws RtmpProtocolException when S0 is not 3; the handshake is then FAILED
   * @throws IllegalStateException before {@link #start()} or after a failure
   */
  public HandshakeResult process(ByteBuffer in) throws RtmpProtocolException {
    Objects.requireNonNull(in, "in");
    if (state == State.NOT_STARTED || state == State.FAILED) {
      throw new IllegalStateException("client handshake accepts no input in state " + state);
    }
    if (state == State.COMPLETE) {
      return new HandshakeResult(NO_BYTES, true);
    }
    if (state == State.AWAITING_S0) {
      if (!in.hasRemaining()) {
        return new HandshakeResult(NO_BYTES, false);
      }
      int s0 = in.get() & 0xFF;
      if (s0 != RTMP_VERSION) {
        state = State.FAILED;
        throw new RtmpProtocolException(String.format("unsupported rtmp version 0x%02x in s0", s0));
      }
      state = State.AWAITING_S1;
    }
    if (state == State.AWAITING_S1) {
      if (!packet.fill(in)) {
        return new HandshakeResult(NO_BYTES, false);
      }
      s1 = packet.bytes().clone();
      packet.clear();
      state = State.AWAITING_S2;
    }
    if (!packet.fill(in)) {
      return new HandshakeResult(NO_BYTES, false);
    }
    byte[] c2 = answer(packet.bytes());
    state = State.COMPLETE;
    return new HandshakeResult(c2, true);
  }

  /** Whether S2 has been consumed (and C2 returned). */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /**
   * Whether the server proved itself with the Flash Player 9 digests: S1 carried a valid server
   * digest and S2 a valid signature for this client's digest. False without digest, or before
   * completion.
   */
  public boolean serverDigestValid() {
    return serverDigestValid;
  }

  /** C2 for the received S1 and the given S2. */
  private byte[] answer(byte[] s2) {
    Optional<Scheme> serverScheme =
        withDigest && !HandshakePackets.hasZeroVersion(s1)
            ? HandshakeDigest.findValidDigest(s1, Key.FLASH_MEDIA_SERVER)
            : Optional.empty();
    if (serverScheme.isEmpty()) {
      return s1.clone();
    }
    byte[] clientDigest = HandshakeDigest.digestAt(c1, Scheme.DIGEST_FIRST);
    serverDigestValid = HandshakeDigest.hasValidSignature(s2, clientDigest, Key.FLASH_MEDIA_SERVER);
    byte[] c2 = new byte[PACKET_SIZE];
    random.nextBytes(c2);
    HandshakeDigest.sign(c2, HandshakeDigest.digestAt(s1, serverScheme.get()), Key.FLASH_PLAYER);
    return c2;
  }
}
