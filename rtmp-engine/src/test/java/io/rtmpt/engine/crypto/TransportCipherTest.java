package io.rtmpt.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class TransportCipherTest {
  private static final byte[] DECRYPT_KEY = bytes(16, 1);
  private static final byte[] ENCRYPT_KEY = bytes(16, 2);
  private static final RtmpeKeys KEYS = new RtmpeKeys(DECRYPT_KEY, ENCRYPT_KEY);

  /** Queue of byte arrays polled whole; records nothing. */
  private static IntFunction<byte[]> queue(byte[]... items) {
    Deque<byte[]> deque = new ArrayDeque<>(Arrays.asList(items));
    return max -> deque.isEmpty() ? new byte[0] : deque.poll();
  }

  @Test
  void aPassiveCipherLeavesBothDirectionsUnchanged() {
    TransportCipher cipher = new TransportCipher();
    byte[] data = bytes(100, 3);
    ByteBuffer in = ByteBuffer.wrap(data.clone());

    cipher.decrypt(in);
    byte[] out = cipher.encryptPolled(queue(data.clone()), 1000);

    assertArrayEquals(data, in.array());
    assertArrayEquals(data, out);
    assertFalse(cipher.isActive());
  }

  @Test
  void decryptsFromPositionToLimitInPlaceAfterDiscarding1536KeystreamBytes() {
    TransportCipher cipher = new TransportCipher();
    cipher.start(KEYS, 0);
    byte[] plain = bytes(300, 4);
    byte[] wire = new ReferenceRc4(DECRYPT_KEY).skip(1536).apply(plain.clone());
    byte[] framed = new byte[310];
    System.arraycopy(wire, 0, framed, 7, 300);
    ByteBuffer in = ByteBuffer.wrap(framed, 7, 300);

    cipher.decrypt(in);

    assertEquals(7, in.position());
    assertEquals(307, in.limit());
    assertArrayEquals(plain, Arrays.copyOfRange(framed, 7, 307));
    assertEquals(0, framed[0]);
    assertEquals(0, framed[309]);
  }

  @Test
  void decryptsSlicesWithAnArrayOffsetAndDirectBuffersAcrossCalls() {
    TransportCipher cipher = new TransportCipher();
    cipher.start(KEYS, 0);
    byte[] plain = bytes(20_000, 5);
    byte[] wire = new ReferenceRc4(DECRYPT_KEY).skip(1536).apply(plain.clone());

    ByteBuffer slice = ByteBuffer.wrap(wire.clone(), 0, 1000).position(100).slice(); // offset 100
    cipher.decrypt(slice.limit(900));
    ByteBuffer direct = ByteBuffer.allocateDirect(wire.length - 1000);
    direct.put(wire, 1000, wire.length - 1000).flip();
    cipher.decrypt(direct);

    byte[] first = new byte[900];
    slice.get(first);
    byte[] rest = new byte[direct.remaining()];
    direct.get(rest);
    // The slice covered wire[100..1000): keystream bytes 0..900 of the stream went to it.
    byte[] expectedFirst =
        new ReferenceRc4(DECRYPT_KEY).skip(1536).apply(Arrays.copyOfRange(wire, 100, 1000));
    assertArrayEquals(expectedFirst, first);
    byte[] expectedRest =
        new ReferenceRc4(DECRYPT_KEY)
            .skip(1536 + 900)
            .apply(Arrays.copyOfRange(wire, 1000, wire.length));
    assertArrayEquals(expectedRest, rest);
  }

  @Test
  void aReadOnlyBufferIsRefusedOnceStarted() {
    TransportCipher cipher = new TransportCipher();
    ByteBuffer readOnly = ByteBuffer.wrap(bytes(10, 6)).asReadOnlyBuffer();
    cipher.decrypt(readOnly); // passive: fine
    cipher.start(KEYS, 0);

    assertThrows(ReadOnlyBufferException.class, () -> cipher.decrypt(readOnly));
  }

  @Test
  void theClearPrefixSpansPollsAndTheRestIsEncryptedWithTheEncryptKey() {
    TransportCipher cipher = new TransportCipher();
    byte[] answer = bytes(3073, 7);
    byte[] afterAnswer = bytes(500, 8);
    IntFunction<byte[]> queue =
        queue(
            Arrays.copyOfRange(answer, 0, 1000),
            concat(Arrays.copyOfRange(answer, 1000, 3073), Arrays.copyOfRange(afterAnswer, 0, 50)),
            Arrays.copyOfRange(afterAnswer, 50, 500));

    byte[] first = cipher.encryptPolled(queue, 64 * 1024); // before start: counted, clear
    cipher.start(KEYS, 3073);
    byte[] second = cipher.encryptPolled(queue, 64 * 1024);
    byte[] third = cipher.encryptPolled(queue, 64 * 1024);

    byte[] sent = concat(first, second, third);
    assertArrayEquals(answer, Arrays.copyOfRange(sent, 0, 3073), "the answer stays clear");
    byte[] expected = new ReferenceRc4(ENCRYPT_KEY).skip(1536).apply(afterAnswer.clone());
    assertArrayEquals(expected, Arrays.copyOfRange(sent, 3073, sent.length));
  }

  @Test
  void startingAfterMoreThanTheClearPrefixWasSentIsABug() {
    TransportCipher cipher = new TransportCipher();
    cipher.encryptPolled(queue(bytes(20, 9)), 100);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> cipher.start(KEYS, 10));
    assertEquals("20 bytes already left in clear, more than 10", e.getMessage());
    cipher.start(KEYS, 20);
    assertThrows(IllegalStateException.class, () -> cipher.start(KEYS, 20));
  }

  /**
   * Pollers on several threads: each poll must get the keystream at the position its bytes had in
   * the queue, which holds only if taking and encrypting happen under one lock. The queue tells
   * each thread which item it took through a thread-local; nothing else synchronises the pollers.
   */
  @Test
  void concurrentPollersEncryptInQueueOrder() throws Exception {
    TransportCipher cipher = new TransportCipher();
    cipher.start(KEYS, 0);
    int count = 2000;
    Random random = new Random(10);
    byte[][] plain = new byte[count][];
    for (int n = 0; n < count; n++) {
      plain[n] = new byte[1 + random.nextInt(200)];
      random.nextBytes(plain[n]);
    }
    AtomicInteger next = new AtomicInteger();
    ThreadLocal<Integer> taken = new ThreadLocal<>();
    IntFunction<byte[]> queue =
        max -> {
          int n = next.getAndIncrement();
          taken.set(n);
          return n < count ? plain[n].clone() : new byte[0];
        };
    byte[][] encrypted = new byte[count][];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> pollers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      pollers.add(
          pool.submit(
              () -> {
                go.await();
                while (true) {
                  byte[] polled = cipher.encryptPolled(queue, 100);
                  if (polled.length == 0) {
                    return null;
                  }
                  encrypted[taken.get()] = polled;
                }
              }));
    }
    go.countDown();
    for (Future<?> poller : pollers) {
      poller.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    byte[] expected = new ReferenceRc4(ENCRYPT_KEY).skip(1536).apply(concat(plain));
    assertArrayEquals(expected, concat(encrypted));
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  static byte[] bytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
