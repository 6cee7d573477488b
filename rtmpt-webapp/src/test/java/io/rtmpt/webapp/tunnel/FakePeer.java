package io.rtmpt.webapp.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recording {@link TunnelPeer}. In {@link Mode#ECHO} every written byte becomes readable at once
 * (the tunnel sees its own bytes come back); in {@link Mode#READABLE_LATER} written bytes are only
 * recorded and the test makes bytes readable with {@link #makeReadable(byte[])}. The test can also
 * make the peer close itself or fail its writes.
 */
final class FakePeer implements TunnelPeer {

  enum Mode {
    ECHO,
    READABLE_LATER
  }

  private final TunnelClient client;
  private final Mode mode;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final List<Integer> writeSizes = new ArrayList<>();
  private byte[] readable = new byte[0];
  private boolean closedBySelf;
  private int closeCalls;
  private IOException writeFailure;
  private final Runnable listener;

  FakePeer(TunnelClient client, Mode mode, Runnable listener) {
    this.client = client;
    this.mode = mode;
    this.listener = listener;
  }

  TunnelClient client() {
    return client;
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    synchronized (this) {
      if (writeFailure != null) {
        throw writeFailure;
      }
      if (closedBySelf || closeCalls > 0) {
        throw new IOException("fake peer closed");
      }
      written.writeBytes(copy);
      writeSizes.add(copy.length);
      if (mode == Mode.ECHO) {
        readable = concat(readable, copy);
      }
    }
    if (mode == Mode.ECHO) {
      listener.run();
    }
  }

  @Override
  public synchronized byte[] read(int maxBytes) {
    int n = Math.min(maxBytes, readable.length);
    byte[] out = Arrays.copyOf(readable, n);
    readable = Arrays.copyOfRange(readable, n, readable.length);
    return out;
  }

  @Override
  public synchronized boolean isClosed() {
    return (closedBySelf || closeCalls > 0) && readable.length == 0;
  }

  @Override
  public synchronized void close() {
    closeCalls++;
  }

  /** Server-to-client bytes become readable now; the listener is told. */
  void makeReadable(byte[] bytes) {
    synchronized (this) {
      readable = concat(readable, bytes);
    }
    listener.run();
  }

  /**
   * The peer closes on its own (a backend dropping the connection); pending bytes stay readable.
   */
  void closeSelf() {
    synchronized (this) {
      closedBySelf = true;
    }
    listener.run();
  }

  synchronized void failWrites(IOException failure) {
    this.writeFailure = failure;
  }

  /** Every byte written, in order. */
  synchronized byte[] written() {
    return written.toByteArray();
  }

  synchronized List<Integer> writeSizes() {
    return List.copyOf(writeSizes);
  }

  synchronized int closeCalls() {
    return closeCalls;
  }

  synchronized int readableBytes() {
    return readable.length;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
