package io.rtmpt.webapp.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a
 * single address without a prefix length is the block of that address alone. An IPv4 block matches
 * IPv4 addresses and IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}, as a dual-stack socket
 * reports IPv4 clients); an IPv6 block matches IPv6 addresses.
 *
 * @param network the block's address, with the bits after the prefix cleared
 * @param prefixLength the number of leading bits that matter, 0..32 (IPv4) or 0..128 (IPv6)
 */
public record CidrRange(byte[] network, int prefixLength) {
  /** Only literal addresses: never a name that would need a DNS lookup. */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  public CidrRange {
    Objects.requireNonNull(network, "network");
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + network.length);
    }
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
    }
    network = mask(network.clone(), prefixLength);
  }

  /**
   * Parses {@code ADDRESS} or {@code ADDRESS/PREFIX}.
   *
   * @throws IllegalArgumentException for anything else (host names included), naming the text
   */
  public static CidrRange parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    byte[] bytes = literal(address, text);
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not an address block (CIDR)");
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException(
            "'" + text + "': prefix length " + prefix + " is not within 0.." + bytes.length * 8);
      }
    }
    return new CidrRange(bytes, prefix);
  }

  /** True when {@code address} is in the block. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
    }
    if (bytes.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(bytes.clone(), prefixLength), network);
  }

  /**
   * The address of a literal, never by DNS: an address text ({@code 203.0.113.7}, {@code ::1},
   * {@code [::1]}).
   *
   * @throws IllegalArgumentException when it is not a literal IPv4 or IPv6 address
   */
  public static InetAddress address(String literal) {
    String text = literal.trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    try {
      return InetAddress.getByAddress(literal(text, literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }

  private static byte[] literal(String address, String original) {
    int zone = address.indexOf('%'); // fe80::1%eth0: the zone does not matter for a match
    String bare = zone >= 0 ? address.substring(0, zone) : address;
    if (bare.isEmpty() || !LITERAL.matcher(bare).matches() || !(bare.contains(":") || isV4(bare))) {
      throw new IllegalArgumentException("'" + original + "' is not an IP address or block");
    }
    try {
      return InetAddress.getByName(bare).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + original + "' is not an IP address or block", e);
    }
  }

  private static boolean isV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(Character::isDigit)
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isV4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] bytes, int prefixLength) {
    for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrRange r
        && prefixLength == r.prefixLength
        && Arrays.equals(network, r.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
