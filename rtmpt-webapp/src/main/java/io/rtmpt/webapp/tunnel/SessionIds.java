package io.rtmpt.webapp.tunnel;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Session ids: {@value #LENGTH} characters drawn uniformly from {@code [A-Za-z0-9]} with {@link
 * SecureRandom}, which is {@value #LENGTH} x log2(62) = 142 bits. The id is the only credential of
 * a tunnel, it appears raw in URL paths, and ffmpeg reads the {@code /open/1} reply into a 64-byte
 * buffer, so it has to be URL-safe, unguessable and short (docs/rtmpt-protocol.md 1.6).
 *
 * <p>With a node id (setting {@code rtmpt.node-id}: {@code [a-z0-9]}, 1 to {@value
 * #MAX_NODE_ID_LENGTH} characters) every id starts with it, and the random part's first character
 * is an upper-case letter that ends the node id: {@code gw1} issues {@code gw1Kx3...}. A load
 * balancer routes {@code /send}, {@code /idle} and {@code /close} of a tunnel to the node that
 * opened it by matching {@code ^/(send|idle|close)/gw1[A-Z]} on the path, with no cookie and no
 * shared store, and the upper-case letter keeps {@code gw1} from matching {@code gw10}'s ids. The
 * random part keeps its {@value #LENGTH} characters: log2(26) + 23 x log2(62) = 141 bits; the whole
 * id is at most {@value #MAX_NODE_ID_LENGTH} + {@value #LENGTH} = 40 characters, within ffmpeg's
 * 63.
 */
final class SessionIds {

  static final int LENGTH = 24;

  /** The longest node id: keeps an id with its newline far below ffmpeg's 64 bytes. */
  static final int MAX_NODE_ID_LENGTH = 16;

  private static final Pattern NODE_ID = Pattern.compile("[a-z0-9]{1," + MAX_NODE_ID_LENGTH + "}");

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** The upper-case letters, the first 26 characters of {@link #ALPHABET}. */
  private static final int UPPER_CASE = 26;

  private final SecureRandom random = new SecureRandom();
  private final String nodeId;

  /** Ids without a node id. */
  SessionIds() {
    this("");
  }

  /**
   * Ids that start with {@code nodeId}, or plain random ids when it is empty.
   *
   * @throws IllegalArgumentException when {@code nodeId} is not empty and not a node id
   */
  SessionIds(String nodeId) {
    if (!nodeId.isEmpty() && !isNodeId(nodeId)) {
      throw new IllegalArgumentException(
          "node id '" + nodeId + "' is not 1 to " + MAX_NODE_ID_LENGTH + " of [a-z0-9]");
    }
    this.nodeId = nodeId;
  }

  /** Whether {@code text} can be a node id: 1 to 16 lower-case letters and digits. */
  static boolean isNodeId(String text) {
    return NODE_ID.matcher(text).matches();
  }

  String next() {
    byte[] bytes = new byte[LENGTH + 8];
    random.nextBytes(bytes);
    int used = 0;
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      // The first character ends the node id (upper case) when there is one.
      int letters = i == 0 && !nodeId.isEmpty() ? UPPER_CASE : ALPHABET.length;
      // Bytes at or above the largest multiple of letters below 256 are drawn again: no modulo
      // bias.
      int unbiasedLimit = 256 - 256 % letters;
      int b;
      do {
        if (used == bytes.length) {
          random.nextBytes(bytes);
          used = 0;
        }
        b = bytes[used++] & 0xFF;
      } while (b >= unbiasedLimit);
      id[i] = ALPHABET[b % letters];
    }
    return nodeId + new String(id);
  }
}
