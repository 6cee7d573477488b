package io.rtmpt.webapp.bridge;

import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakePolicy;
import io.rtmpt.engine.handshake.HandshakeRefusedException;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.handshake.PlainClientHandshake;
import io.rtmpt.engine.handshake.ServerHandshake;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.session.Transport;
import io.rtmpt.webapp.config.BackendRtmpe;
import io.rtmpt.webapp.tunnel.TunnelPeer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend tunnel peer that looks at the client's C0 and, for RTMPE (RTMPTE in the tunnel),
 * terminates the encryption at the gateway: it answers the client's encrypted handshake itself
 * ({@link ServerHandshake}), makes a plain handshake with the backend ({@link
 * PlainClientHandshake}), then decrypts what the client sends and encrypts what the backend sends
 * ({@link TransportCipher}), never parsing a chunk. Backends without RTMPE (nginx-rtmp, SRS) then
 * serve RTMPTE clients.
 *
 * <pre>
 *   client                gateway (this)                       backend
 *   C0=6 C1       --&gt;     S0 S1 S2 (DH, digest) queued         C0=3 C1  --&gt;
 *                 &lt;--     S0 S1 S2 in clear
 *   C2, RC4 bytes --&gt;     waits for S0 S1 S2 from the backend  &lt;--  S0 S1 S2
 *                         (bounded), sends C2, then
 *                         decrypted client bytes               C2, chunks --&gt;
 *                 &lt;--     backend bytes RC4-encrypted          &lt;--  chunks
 * </pre>
 *
 * <p>A plain C0 (3), an unknown one, and with {@link BackendRtmpe#PASS} an RTMPE one make it step
 * aside: every byte passes untouched both ways. A type {@code rtmpt.handshake-types} refuses ends
 * the tunnel as the client's protocol error, with the one-line reason. Byte counts are the same on
 * both sides (RC4 keeps lengths, both handshakes are 3073 + 1536 bytes), so the backend's RTMP
 * acknowledgements stay right for the client.
 *
 * <p>Threads: {@link #write} and {@link #read} come from the tunnel's turn, one at a time; {@link
 * #backendReadable} from the backend connection's event loop (it only wakes a waiting write up and
 * passes the signal on); {@link #close} from any thread.
 */
final class RtmpeTermination implements TunnelPeer {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpeTermination.class);
  private static final byte[] NO_BYTES = new byte[0];
  private static final int BACKEND_READ_BYTES = 64 * 1024;

  /**
   * Where the tunnel is. Moves left to right only.
   *
   * <pre>
   *   UNDECIDED --C0 plain, unknown, or RTMPE with PASS--&gt; PASS (untouched both ways)
   *       |
   *       +--C0 RTMPE--&gt; CLIENT_HANDSHAKE --client's C2 in, backend handshake done--&gt; RELAY
   * </pre>
   */
  private enum State {
    UNDECIDED,
    PASS,
    CLIENT_HANDSHAKE,
    RELAY
  }

  private final HandshakePolicy policy;
  private final BackendRtmpe mode;
  private final Transport transport;
  private final HandshakeCounts counts;
  private final Duration backendHandshakeTimeout;
  private final Runnable onReadable;
  private final Object signal = new Object();
  private final TransportCipher cipher = new TransportCipher();
  private long signals; // guarded by signal
  private TunnelPeer backend;
  private String backendAddress;
  private volatile State state = State.UNDECIDED;
  private volatile HandshakeType type;
  private ServerHandshake clientHandshake;
  private PlainClientHandshake backendHandshake;
  private byte[] clearToClient = NO_BYTES;
  private int clearOffset;
  private ByteBuffer backendLeftover = ByteBuffer.allocate(0);

  /**
   * @param transport the tunnel's transport, for {@code counts}
   * @param backendHandshakeTimeout how long the backend may take to answer the plain handshake
   * @param onReadable the tunnel's listener: every backend signal is passed on
   */
  RtmpeTermination(
      HandshakePolicy policy,
      BackendRtmpe mode,
      Transport transport,
      HandshakeCounts counts,
      Duration backendHandshakeTimeout,
      Runnable onReadable) {
    this.policy = policy;
    this.mode = mode;
    this.transport = transport;
    this.counts = counts;
    this.backendHandshakeTimeout = backendHandshakeTimeout;
    this.onReadable = onReadable;
  }

  /** The backend connection, once open; before it, nothing else is called. */
  void attach(TunnelPeer backend, String backendAddress) {
    this.backend = backend;
    this.backendAddress = backendAddress;
  }

  /** The listener given to the backend connection: wakes a waiting write, then tells the tunnel. */
  void backendReadable() {
    synchronized (signal) {
      signals++;
      signal.notifyAll();
    }
    onReadable.run();
  }

  /** The type the client's C0 asked for, once seen. */
  Optional<HandshakeType> handshakeType() {
    return Optional.ofNullable(type);
  }

  /** Whether this tunnel's RTMPE is terminated here (the backend speaks plain RTMP). */
  boolean terminated() {
    State s = state;
    return s == State.CLIENT_HANDSHAKE || s == State.RELAY;
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    switch (state) {
      case UNDECIDED -> decide(bytes);
      case PASS -> backend.write(bytes);
      case CLIENT_HANDSHAKE -> clientHandshake(bytes);
      case RELAY -> relay(bytes);
    }
  }

  private void decide(ByteBuffer bytes) throws IOException {
    if (!bytes.hasRemaining()) {
      backend.write(bytes);
      return;
    }
    Optional<HandshakeType> asked = HandshakeType.ofCode(bytes.get(bytes.position()) & 0xFF);
    if (asked.isEmpty()) {
      state = State.PASS; // not RTMP as we know it: the backend says what it thinks of it
      backend.write(bytes);
      return;
    }
    type = asked.get();
    if (!policy.accepts(type)) {
      counts.refused(transport, type);
      throw new HandshakeRefusedException(type, policy);
    }
    counts.accepted(transport, type);
    if (!type.encrypted() || mode == BackendRtmpe.PASS) {
      state = State.PASS;
      backend.write(bytes);
      return;
    }
    LOG.debug(
        "{} handshake terminated here, plain rtmp to backend {}", type.label(), backendAddress);
    clientHandshake = new ServerHandshake(policy);
    backendHandshake = new PlainClientHandshake();
    state = State.CLIENT_HANDSHAKE;
    backend.write(ByteBuffer.wrap(backendHandshake.start()));
    clientHandshake(bytes);
  }

  private void clientHandshake(ByteBuffer bytes) throws IOException {
    HandshakeResult result = clientHandshake.process(bytes);
    if (result.response().length > 0) {
      clearToClient = result.response();
      clearOffset = 0;
      cipher.start(clientHandshake.rtmpeKeys().orElseThrow(), 0);
    }
    if (!result.complete()) {
      return;
    }
    awaitBackendHandshake();
    state = State.RELAY;
    relay(bytes);
  }

  private void relay(ByteBuffer bytes) throws IOException {
    cipher.decrypt(bytes);
    backend.write(bytes);
  }

  /**
   * Reads the backend's S0 S1 S2 (waiting for them up to the timeout), sends C2, and keeps what the
   * backend sent after S2 for the client.
   */
  private void awaitBackendHandshake() throws IOException {
    long deadline = System.nanoTime() + backendHandshakeTimeout.toNanos();
    while (true) {
      long seen;
      synchronized (signal) {
        seen = signals;
      }
      byte[] answer = backend.read(BACKEND_READ_BYTES);
      if (answer.length > 0) {
        ByteBuffer in = ByteBuffer.wrap(answer);
        HandshakeResult result;
        try {
          result = backendHandshake.process(in);
        } catch (RtmpProtocolException e) {
          // The backend's fault, not the client's: a peer failure, not a protocol error.
          throw new IOException("backend " + backendAddress + ": " + e.getMessage(), e);
        }
        if (result.response().length > 0) {
          backend.write(ByteBuffer.wrap(result.response()));
        }
        if (result.complete()) {
          backendLeftover = in;
          return;
        }
        continue;
      }
      if (backend.isClosed()) {
        throw new IOException(
            "backend " + backendAddress + " closed the connection during the RTMP handshake");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException(
            "backend "
                + backendAddress
                + " did not answer the RTMP handshake within "
                + backendHandshakeTimeout.toMillis()
                + " ms");
      }
      waitForSignal(seen, left);
    }
  }

  private void waitForSignal(long seen, long nanos) throws IOException {
    long deadline = System.nanoTime() + nanos;
    synchronized (signal) {
      while (signals == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          signal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for backend " + backendAddress, e);
        }
      }
    }
  }

  @Override
  public byte[] read(int maxBytes) {
    State s = state;
    if (s == State.UNDECIDED || s == State.PASS) {
      return backend.read(maxBytes);
    }
    if (clearOffset < clearToClient.length) {
      int n = Math.min(maxBytes, clearToClient.length - clearOffset);
      byte[] out = Arrays.copyOfRange(clearToClient, clearOffset, clearOffset + n);
      clearOffset += n;
      return out;
    }
    if (s != State.RELAY) {
      return NO_BYTES; // the backend's handshake is ours, not the client's
    }
    return cipher.encryptPolled(this::backendBytes, maxBytes);
  }

  private byte[] backendBytes(int maxBytes) {
    if (backendLeftover.hasRemaining()) {
      byte[] out = new byte[Math.min(maxBytes, backendLeftover.remaining())];
      backendLeftover.get(out);
      return out;
    }
    return backend.read(maxBytes);
  }

  @Override
  public boolean isClosed() {
    return backend.isClosed()
        && clearOffset >= clearToClient.length
        && !backendLeftover.hasRemaining();
  }

  @Override
  public void close() {
    backend.close();
  }
}
