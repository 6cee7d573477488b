package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakePackets.NO_BYTES;
import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;
import static io.rtmpt.engine.handshake.HandshakePackets.VERSION_OFFSET;

import io.rtmpt.engine.crypto.RtmpeKeys;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RTMP handshake, without I/O: feed it what the client sent, send what it
 * returns.
 *
 * <pre>
 *   client                          server
 *   C0 (1 byte) C1 (1536 bytes) --&gt;
 *                               &lt;-- S0 (1 byte) S1 (1536) S2 (1536), at once when C0 C1 are in
 *   C2 (1536 bytes)             --&gt;
 *   chunk stream ...            --&gt;  left in the caller's buffer
 * </pre>
 *
 * <p>C0 names the {@link HandshakeType}: 3 plain, 6 RTMPE, 8 and 9 RTMPE with XTEA / Blowfish
 * signature encryption. Any other version below 32 (0-2 deprecated, the rest reserved) gets the
 * plain handshake with S0 = 3, as the specification asks of a server that does not recognize the
 * requested version (RTMP 1.0, 5.2.2); 32-255 are not allowed there (they tell RTMP from text
 * protocols) and are refused with an {@link RtmpProtocolException} naming the value. A type the
 * {@link HandshakePolicy} does not accept is refused with a {@link HandshakeRefusedException}
 * naming it. S0 echoes C0: librtmp and FFmpeg players pick the signature encryption from S0, and a
 * client that sent 8 or 9 implements that type (so a C0 of 6 is answered with 6, never upgraded to
 * 8 as librtmp's own server does for C1[4] = 128).
 *
 * <p>RTMPE (C0 = 6, 8, 9): see {@link RtmpeResponder} for S1 and S2. The RC4 keys ({@link
 * #rtmpeKeys()}) are known once C1 is answered; everything after C2 inbound and after S2 outbound
 * is RC4-encrypted, which the caller arranges ({@code io.rtmpt.engine.crypto.TransportCipher}).
 *
 * <p>A C1 whose version field (bytes 4..7) is zero gets the plain answer: S1 = uptime (4 bytes) +
 * four zero bytes + 1528 random bytes, S2 = C1 echoed byte for byte (librtmp compares the whole
 * packet). A C1 with a non-zero version (FFmpeg always sends 9.0.124.2; librtmp 10.0.45.2, but only
 * for RTMPE or SWF verification) is searched for a Flash Player 9 digest under both {@link Scheme
 * schemes}; if one validates, S1 = uptime + server version {@code 4.5.0.1} + random with the server
 * digest at the same scheme's offset, and S2 = random bytes signed for the client's digest (see
 * {@link HandshakeDigest}). Those clients verify both (FFmpeg when playing) and drop the connection
 * on a mismatch. If no scheme validates, the server falls back to the plain answer.
 *
 * <p>C2 is consumed but not validated: clients fill it differently (FFmpeg and librtmp echo S1 in
 * the plain handshake, sign random bytes in the digest one; FFmpeg's RTMPE publisher echoes S1).
 *
 * <p>Not thread-safe: one instance per connection, driven by the connection's reader.
 */
public final class ServerHandshake {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHandshake.class);

  /** C0 values from here on are not allowed: they are printable characters (spec 5.2.2). */
  private static final int FIRST_DISALLOWED_VERSION = 32;

  /**
   * The FMS version this server claims in a digest S1. FFmpeg checks S1's digest only when the
   * first byte is at least 3, librtmp whenever it is non-zero; a zero version tells both "plain".
   */
  static final byte[] SERVER_VERSION = {4, 5, 0, 1};

  /**
   * Where the server is in the handshake. {@code process} moves along the top row as the bytes
   * arrive, several steps per call if the input holds them.
   *
   * <pre>
   *   AWAITING_C0 --C0 accepted--&gt; AWAITING_C1 --1536 bytes--&gt; AWAITING_C2 --1536--&gt; COMPLETE
   *        |                            |   (answer S0 S1 S2)
   *        +--C0 refused--&gt; FAILED &lt;---+--RTMPE C1 without a valid digest or DH key
   * </pre>
   *
   * COMPLETE consumes nothing more; FAILED is terminal and refuses every further call.
   */
  private enum State {
    AWAITING_C0,
    AWAITING_C1,
    AWAITING_C2,
    COMPLETE,
    FAILED
  }

  private final HandshakePolicy policy;
  private final Random random;
  private final LongSupplier millisClock;
  private final Supplier<DiffieHellman> keyPairs;
  private final long epochMillis;
  private final PacketBuffer packet = new PacketBuffer(PACKET_SIZE);
  private State state = State.AWAITING_C0;
  private HandshakeType type;
  private boolean clientUsedDigest;
  private RtmpeKeys rtmpeKeys;

  /**
   * A handshake accepting every type, with {@link SecureRandom} bytes and keys, whose uptime epoch
   * is this construction.
   */
  public ServerHandshake() {
    this(HandshakePolicy.all());
  }

  /**
   * A handshake accepting the types of {@code policy}, with {@link SecureRandom} bytes and keys.
   */
  public ServerHandshake(HandshakePolicy policy) {
    this(policy, new SecureRandom(), () -> System.nanoTime() / 1_000_000L, secureKeyPairs());
  }

  /**
   * A handshake accepting every type with the given sources, for tests; RTMPE keys come from {@link
   * SecureRandom}.
   *
   * @param random fills S1 and S2
   * @param millisClock a millisecond clock; S1's time field is its advance since this construction
   */
  public ServerHandshake(Random random, LongSupplier millisClock) {
    this(HandshakePolicy.all(), random, millisClock, secureKeyPairs());
  }

  /**
   * A handshake with every source given, for tests and known-answer vectors.
   *
   * @param policy the accepted C0 types
   * @param random fills S1 and S2 (and picks the S1 offset fields of RTMPE)
   * @param millisClock a millisecond clock; S1's time field is its advance since this construction
   * @param keyPairs gives the Diffie-Hellman key of an RTMPE answer (called once, on C1)
   */
  public ServerHandshake(
      HandshakePolicy policy,
      Random random,
      LongSupplier millisClock,
      Supplier<DiffieHellman> keyPairs) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.millisClock = Objects.requireNonNull(millisClock, "millisClock");
    this.keyPairs = Objects.requireNonNull(keyPairs, "keyPairs");
    this.epochMillis = millisClock.getAsLong();
  }

  private static Supplier<DiffieHellman> secureKeyPairs() {
    return () -> DiffieHellman.generate(new SecureRandom());
  }

  /**
   * Consumes what it can of {@code in}: never more than up to the end of C2, so bytes after C2 stay
   * in {@code in} (its position left just after C2) for the chunk decoder. Once complete, further
   * calls return an empty complete result and leave {@code in} untouched.
   *
   * @return S0 S1 S2 in the call that completes C1, otherwise no bytes; complete once C2 is
   *     consumed
   * @throws RtmpProtocolException when C0 is unknown or refused by the policy, or an RTMPE C1 has
   *     no valid digest or an unusable DH key; the handshake is then FAILED
   * @throws IllegalStateException when called after a failure
   */
  public HandshakeResult process(ByteBuffer in) throws RtmpProtocolException {
    Objects.requireNonNull(in, "in");
    if (state == State.FAILED) {
      throw new IllegalStateException(
          "server handshake failed: no more input accepted (state FAILED)");
    }
    if (state == State.COMPLETE) {
      return new HandshakeResult(NO_BYTES, true);
    }
    byte[] response = NO_BYTES;
    if (state == State.AWAITING_C0) {
      if (!in.hasRemaining()) {
        return new HandshakeResult(response, false);
      }
      type = checkC0(in.get() & 0xFF);
      state = State.AWAITING_C1;
    }
    if (state == State.AWAITING_C1) {
      if (!packet.fill(in)) {
        return new HandshakeResult(response, false);
      }
      response = answerOrFail(packet.bytes());
      packet.clear();
      state = State.AWAITING_C2;
    }
    if (!packet.fill(in)) {
      return new HandshakeResult(response, false);
    }
    state = State.COMPLETE;
    packet.release();
    return new HandshakeResult(response, true);
  }

  /** Whether C2 has been consumed. */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** Whether C1 carried a valid Flash Player 9 digest (and so got a digest S1 and signed S2). */
  public boolean clientUsedDigest() {
    return clientUsedDigest;
  }

  /** The type C0 asked for, once C0 is read and accepted. */
  public Optional<HandshakeType> type() {
    return Optional.ofNullable(type);
  }

  /**
   * The RC4 keys of an RTMPE handshake, once C1 is answered (the call that returned S0 S1 S2);
   * empty for plain RTMP.
   */
  public Optional<RtmpeKeys> rtmpeKeys() {
    return Optional.ofNullable(rtmpeKeys);
  }

  private HandshakeType checkC0(int c0) throws RtmpProtocolException {
    Optional<HandshakeType> known = HandshakeType.ofCode(c0);
    if (known.isEmpty() && c0 < FIRST_DISALLOWED_VERSION) {
      LOG.debug("c0 asks for rtmp version {}: answering version 3", c0);
      known = Optional.of(HandshakeType.PLAIN);
    }
    if (known.isEmpty()) {
      state = State.FAILED;
      throw new RtmpProtocolException(String.format("unsupported rtmp version 0x%02x in c0", c0));
    }
    if (!policy.accepts(known.get())) {
      state = State.FAILED;
      throw new HandshakeRefusedException(known.get(), policy);
    }
    return known.get();
  }

  private byte[] answerOrFail(byte[] c1) throws RtmpProtocolException {
    try {
      return type.encrypted() ? rtmpeAnswer(c1) : answer(c1);
    } catch (RtmpProtocolException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private byte[] rtmpeAnswer(byte[] c1) throws RtmpProtocolException {
    RtmpeResponder.Answer answer =
        RtmpeResponder.answer(type, c1, keyPairs.get(), random, uptime());
    clientUsedDigest = true;
    rtmpeKeys = answer.keys();
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} handshake, client version {}", type.label(), HandshakePackets.version(c1));
    }
    return response(answer.s1(), answer.s2());
  }

  /** S0 S1 S2 for the given C1. */
  private byte[] answer(byte[] c1) {
    byte[] s1 = new byte[PACKET_SIZE];
    byte[] s2 = new byte[PACKET_SIZE];
    Optional<Scheme> scheme = clientDigestScheme(c1);
    if (scheme.isPresent()) {
      clientUsedDigest = true;
      digestS1(s1, scheme.get());
      random.nextBytes(s2);
      HandshakeDigest.sign(s2, HandshakeDigest.digestAt(c1, scheme.get()), Key.FLASH_MEDIA_SERVER);
    } else {
      plainS1(s1);
      System.arraycopy(c1, 0, s2, 0, PACKET_SIZE);
    }
    return response(s1, s2);
  }

  private byte[] response(byte[] s1, byte[] s2) {
    byte[] response = new byte[1 + 2 * PACKET_SIZE];
    response[0] = (byte) type.code();
    System.arraycopy(s1, 0, response, 1, PACKET_SIZE);
    System.arraycopy(s2, 0, response, 1 + PACKET_SIZE, PACKET_SIZE);
    return response;
  }

  private Optional<Scheme> clientDigestScheme(byte[] c1) {
    if (HandshakePackets.hasZeroVersion(c1)) {
      return Optional.empty();
    }
    Optional<Scheme> scheme = HandshakeDigest.findValidDigest(c1, Key.FLASH_PLAYER);
    if (scheme.isEmpty() && LOG.isDebugEnabled()) {
      LOG.debug(
          "c1 announces client version {} but carries no valid digest: answering with the plain"
              + " handshake",
          HandshakePackets.version(c1));
    }
    return scheme;
  }

  private void plainS1(byte[] s1) {
    random.nextBytes(s1);
    Bytes.putU32(s1, 0, uptime());
    Bytes.putU32(s1, VERSION_OFFSET, 0);
  }

  private void digestS1(byte[] s1, Scheme scheme) {
    random.nextBytes(s1);
    Bytes.putU32(s1, 0, uptime());
    System.arraycopy(SERVER_VERSION, 0, s1, VERSION_OFFSET, SERVER_VERSION.length);
    HandshakeDigest.imprint(s1, scheme, Key.FLASH_MEDIA_SERVER);
  }

  private long uptime() {
    return millisClock.getAsLong() - epochMillis;
  }
}
