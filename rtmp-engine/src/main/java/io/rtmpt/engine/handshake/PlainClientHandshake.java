package io.rtmpt.engine.handshake;

import static io.rtmpt.engine.handshake.HandshakePackets.NO_BYTES;
import static io.rtmpt.engine.handshake.HandshakePackets.PACKET_SIZE;
import static io.rtmpt.engine.handshake.HandshakePackets.RTMP_VERSION;
import static io.rtmpt.engine.handshake.HandshakePackets.VERSION_OFFSET;

import io.rtmpt.engine.protocol.Bytes;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * The client side of the plain RTMP handshake (RTMP specification 1.0, section 5.2), without I/O:
 * what a gateway needs to open an RTMP connection to a backend server on its client's behalf, for
 * instance after it terminated the client's RTMPE handshake. No digest, no encryption.
 *
 * <pre>
 *   gateway                          backend
 *   start(): C0 (3) C1 (1536)   --&gt;
 *                               &lt;--  S0 (3) S1 (1536) S2 (1536)
 *   C2 = S1 echoed, once S1 is in --&gt;
 *   chunk stream ...                 (bytes after S2 stay in the caller's buffer)
 * </pre>
 *
 * <p>C1 = time 0 (4 bytes) + four zero bytes (the version field: zero asks for the plain answer,
 * section 5.2.3; nginx-rtmp, SRS and our own server then echo C1 as S2) + 1528 random bytes. S0
 * must be 3; S2 is consumed but not checked, since servers fill it differently (an echo of C1, or
 * random bytes signed for a digest the client did not send).
 *
 * <p>Not thread-safe: one instance per connection.
 */
public final class PlainClientHandshake {

  /**
   * Where the client is. {@code process} moves along as bytes arrive, several steps per call when
   * the input holds them.
   *
   * <pre>
   *   NOT_STARTED --start()--&gt; AWAITING_S0 --S0 = 3--&gt; AWAITING_S1 --1536 bytes, C2 out--&gt;
   *                                  |                 AWAITING_S2 --1536 bytes--&gt; COMPLETE
   *                                  +--S0 != 3--&gt; FAILED
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

  private final Random random;
  private final PacketBuffer packet = new PacketBuffer(PACKET_SIZE);
  private State state = State.NOT_STARTED;

  /** A handshake whose C1 is filled from {@link SecureRandom}. */
  public PlainClientHandshake() {
    this(new SecureRandom());
  }

  /** A handshake whose C1 is filled from {@code random} (tests). */
  public PlainClientHandshake(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * C0 and C1, 1537 bytes to send first.
   *
   * @throws IllegalStateException when called twice
   */
  public byte[] start() {
    if (state != State.NOT_STARTED) {
      throw new IllegalStateException("client handshake already started (state " + state + ")");
    }
    byte[] c0c1 = new byte[1 + PACKET_SIZE];
    random.nextBytes(c0c1);
    c0c1[0] = (byte) RTMP_VERSION;
    Bytes.putU32(c0c1, 1, 0);
    Bytes.putU32(c0c1, 1 + VERSION_OFFSET, 0);
    state = State.AWAITING_S0;
    return c0c1;
  }

  /**
   * Consumes what it can of the server's S0 S1 S2 from {@code in}, never past the end of S2: bytes
   * after it stay in {@code in} for the chunk stream. Once complete, further calls return an empty
   * complete result and leave {@code in} untouched.
   *
   * @return C2 in the call that completes S1 (possibly together with completion), otherwise no
   *     bytes; complete once S2 is consumed
   * @throws RtmpProtocolException when S0 is not 3: the handshake is then FAILED
   * @throws IllegalStateException before {@link #start()} or after a failure
   */
  public HandshakeResult process(ByteBuffer in) throws RtmpProtocolException {
    Objects.requireNonNull(in, "in");
    switch (state) {
      case NOT_STARTED, FAILED ->
          throw new IllegalStateException(
              "client handshake takes no input in state " + state + " (start() first)");
      case COMPLETE -> {
        return new HandshakeResult(NO_BYTES, true);
      }
      default -> {}
    }
    byte[] response = NO_BYTES;
    if (state == State.AWAITING_S0) {
      if (!in.hasRemaining()) {
        return new HandshakeResult(response, false);
      }
      int s0 = in.get() & 0xFF;
      if (s0 != RTMP_VERSION) {
        state = State.FAILED;
        throw new RtmpProtocolException(
            String.format("server answered rtmp version 0x%02x in s0, want 0x03", s0));
      }
      state = State.AWAITING_S1;
    }
    if (state == State.AWAITING_S1) {
      if (!packet.fill(in)) {
        return new HandshakeResult(response, false);
      }
      response = packet.bytes().clone(); // C2 echoes S1 (section 5.2.4)
      packet.clear();
      state = State.AWAITING_S2;
    }
    if (!packet.fill(in)) {
      return new HandshakeResult(response, false);
    }
    state = State.COMPLETE;
    return new HandshakeResult(response, true);
  }

  /** Whether S2 has been consumed. */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }
}
