package io.rtmpt.webapp.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which client addresses may do something (publish, or play): a deny list and an allow list of
 * {@link CidrRange}s. An address in the deny list is refused; otherwise, when the allow list is not
 * empty, only addresses in it are allowed; an empty allow list allows every address not denied. The
 * same order as nginx's {@code allow}/{@code deny} when every deny comes first.
 *
 * @param allow blocks allowed (empty: every address not denied)
 * @param deny blocks refused, whatever the allow list says
 */
public record AddressRules(List<CidrRange> allow, List<CidrRange> deny) {
  /** Every address allowed. */
  public static final AddressRules ANY = new AddressRules(List.of(), List.of());

  public AddressRules {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** True when {@code address} may go ahead. */
  public boolean allows(InetAddress address) {
    Objects.requireNonNull(address, "address");
    for (CidrRange range : deny) {
      if (range.contains(address)) {
        return false;
      }
    }
    if (allow.isEmpty()) {
      return true;
    }
    for (CidrRange range : allow) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** True when no rule is set. */
  public boolean isAny() {
    return allow.isEmpty() && deny.isEmpty();
  }

  /**
   * A list of blocks separated by commas or blanks ({@code "10.0.0.0/8, ::1"}); empty text gives an
   * empty list.
   *
   * @throws IllegalArgumentException naming the first item that is not an address or block
   */
  public static List<CidrRange> parseList(String text) {
    List<CidrRange> out = new ArrayList<>();
    for (String item : text.split("[,\\s]+")) {
      if (!item.isEmpty()) {
        out.add(CidrRange.parse(item));
      }
    }
    return out;
  }
}
