package io.rtmpt.engine.crypto;

/**
 * RC4 written out from its definition (key scheduling, then the pseudo-random generation
 * algorithm), for tests to check {@link TransportCipher}, which uses the JCE's ARCFOUR, against
 * something that does not share its code.
 */
public final class ReferenceRc4 {
  private final int[] s = new int[256];
  private int i;
  private int j;

  public ReferenceRc4(byte[] key) {
    for (int n = 0; n < 256; n++) {
      s[n] = n;
    }
    for (int n = 0, m = 0; n < 256; n++) {
      m = (m + s[n] + (key[n % key.length] & 0xFF)) & 0xFF;
      swap(n, m);
    }
  }

  /** XORs {@code data} with the next {@code data.length} keystream bytes, in place. */
  public byte[] apply(byte[] data) {
    for (int n = 0; n < data.length; n++) {
      i = (i + 1) & 0xFF;
      j = (j + s[i]) & 0xFF;
      swap(i, j);
      data[n] ^= (byte) s[(s[i] + s[j]) & 0xFF];
    }
    return data;
  }

  /** Skips {@code n} keystream bytes. */
  public ReferenceRc4 skip(int n) {
    apply(new byte[n]);
    return this;
  }

  private void swap(int a, int b) {
    int t = s[a];
    s[a] = s[b];
    s[b] = t;
  }
}
