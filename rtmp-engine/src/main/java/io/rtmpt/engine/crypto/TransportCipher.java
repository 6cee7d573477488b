package io.rtmpt.engine.crypto;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RTMPE stream cipher between a transport and the chunk codec, without I/O: one per connection,
 * created passive (bytes pass unchanged) and {@linkplain #start started} by an RTMPE handshake. TCP
 * and the RTMPT tunnel share it, since RTMPTE is the same byte stream inside {@code /send} bodies
 * and after the polling byte of replies.
 *
 * <pre>
 *   transport --&gt; decrypt(in) in place --&gt; chunk decoder           (after C2, client's key)
 *   queue.poll --&gt; encryptPolled(...)  --&gt; transport               (after S2, server's key)
 * </pre>
 *
 * <p>RC4 ("ARCFOUR", JCE) in both directions with the {@link RtmpeKeys}; each keystream first
 * discards {@value #DISCARDED_KEYSTREAM} bytes, as librtmp ({@code HandShake}: "update the
 * keystreams") and FFmpeg ({@code ff_rtmpe_update_keystream}) do once C2/S2 are through.
 *
 * <p>Outbound, the first {@code clearOutboundBytes} bytes ever polled through this object (the S0
 * S1 S2 answer) stay clear; {@link #start} may therefore come before or after those bytes are
 * polled. Inbound, the caller decrypts only what follows C2 (the handshake consumes C0 C1 C2 in
 * clear).
 *
 * <p>Threads: {@link #decrypt} from the connection's input thread (one at a time); {@link
 * #encryptPolled} and {@link #start} from any thread: they share a lock so that polled bytes are
 * encrypted in the order they were taken from the queue.
 */
public final class TransportCipher {
  /** Keystream bytes discarded in each direction before the first real byte. */
  public static final int DISCARDED_KEYSTREAM = 1536;

  private static final int DIRECT_CHUNK = 8192;

  private final ReentrantLock outboundLock = new ReentrantLock();
  private volatile Cipher decryptor;
  private Cipher encryptor; // guarded by outboundLock
  private long clearOutboundLeft; // guarded by outboundLock
  private long outboundBytes; // guarded by outboundLock
  private byte[] directScratch;

  /** A passive cipher: every byte passes unchanged until {@link #start}. */
  public TransportCipher() {}

  /**
   * Starts encrypting: inbound bytes given to {@link #decrypt} from now on, outbound bytes beyond
   * the first {@code clearOutboundBytes} polled through {@link #encryptPolled} since construction.
   *
   * @throws IllegalStateException when already started
   */
  public void start(RtmpeKeys keys, long clearOutboundBytes) {
    Objects.requireNonNull(keys, "keys");
    if (clearOutboundBytes < 0) {
      throw new IllegalArgumentException("clearOutboundBytes must not be negative");
    }
    outboundLock.lock();
    try {
      if (encryptor != null) {
        throw new IllegalStateException("transport cipher already started");
      }
      if (outboundBytes > clearOutboundBytes) {
        throw new IllegalStateException(
            outboundBytes + " bytes already left in clear, more than " + clearOutboundBytes);
      }
      encryptor = rc4(keys.encryptKey());
      clearOutboundLeft = clearOutboundBytes - outboundBytes;
      decryptor = rc4(keys.decryptKey());
    } finally {
      outboundLock.unlock();
    }
  }

  /** Whether {@link #start} was called: the connection is RTMPE. */
  public boolean isActive() {
    return decryptor != null;
  }

  /**
   * Decrypts {@code in} from its position to its limit, in place; position and limit stay. Does
   * nothing before {@link #start}.
   *
   * @throws ReadOnlyBufferException for a read-only buffer once started
   */
  public void decrypt(ByteBuffer in) {
    Cipher cipher = decryptor;
    if (cipher == null || !in.hasRemaining()) {
      return;
    }
    if (in.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    if (in.hasArray()) {
      int at = in.arrayOffset() + in.position();
      update(cipher, in.array(), at, in.remaining());
      return;
    }
    if (directScratch == null) {
      directScratch = new byte[DIRECT_CHUNK];
    }
    ByteBuffer view = in.duplicate();
    while (view.hasRemaining()) {
      int n = Math.min(view.remaining(), directScratch.length);
      int at = view.position();
      view.get(directScratch, 0, n);
      update(cipher, directScratch, 0, n);
      view.position(at);
      view.put(directScratch, 0, n);
    }
  }

  /**
   * Takes bytes from {@code queue} (called with {@code maxBytes}) and encrypts them in place past
   * the clear prefix, under one lock so that concurrent pollers cannot reorder the keystream.
   *
   * @return what {@code queue} returned, encrypted where due
   */
  public byte[] encryptPolled(IntFunction<byte[]> queue, int maxBytes) {
    outboundLock.lock();
    try {
      byte[] bytes = queue.apply(maxBytes);
      encryptLocked(bytes, 0, bytes.length);
      return bytes;
    } finally {
      outboundLock.unlock();
    }
  }

  /**
   * As {@link #encryptPolled(IntFunction, int)} for a queue that returns a heap buffer: encrypts
   * its array in place from the buffer's position to its limit (past the clear prefix); position
   * and limit stay.
   *
   * @return what {@code queue} returned, encrypted where due
   */
  public ByteBuffer encryptPolled(Supplier<ByteBuffer> queue) {
    outboundLock.lock();
    try {
      ByteBuffer polled = queue.get();
      encryptLocked(polled.array(), polled.arrayOffset() + polled.position(), polled.remaining());
      return polled;
    } finally {
      outboundLock.unlock();
    }
  }

  private void encryptLocked(byte[] bytes, int offset, int length) {
    outboundBytes += length;
    if (encryptor == null) {
      return;
    }
    int clear = (int) Math.min(length, clearOutboundLeft);
    clearOutboundLeft -= clear;
    if (clear < length) {
      update(encryptor, bytes, offset + clear, length - clear);
    }
  }

  private static Cipher rc4(byte[] key) {
    try {
      Cipher cipher = Cipher.getInstance("ARCFOUR");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
      byte[] discard = new byte[DISCARDED_KEYSTREAM];
      cipher.update(discard, 0, discard.length, discard, 0);
      return cipher;
    } catch (GeneralSecurityException e) {
      // SunJCE provides ARCFOUR (RC4) outside TLS on every Java platform we run on.
      throw new IllegalStateException("RC4 (ARCFOUR) is not available", e);
    }
  }

  private static void update(Cipher cipher, byte[] data, int offset, int length) {
    try {
      int n = cipher.update(data, offset, length, data, offset);
      if (n != length) {
        throw new IllegalStateException("RC4 returned " + n + " bytes for " + length);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RC4 failed", e);
    }
  }
}
