package io.rtmpt.webapp.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR blocks of IPv4 and IPv6 addresses, and the allow and deny rules built from them. */
class CidrRangeTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.8, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, ::1, false",
    "127.0.0.1/32, ::ffff:127.0.0.1, true",
    "2001:db8::/32, 2001:db8:1:2::3, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::1, 0:0:0:0:0:0:0:1, true",
    "::1, 127.0.0.1, false",
    "[::1]/128, ::1, true",
    "::/0, 127.0.0.1, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
  })
  void containment(String block, String address, boolean contained) {
    assertEquals(contained, CidrRange.parse(block).contains(CidrRange.address(address)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "10.0.0/8",
        "10.0.0.0/33",
        "::1/129",
        "1.2.3.4/x",
        "",
        "/8",
        "256.1.1.1",
        "a.b.c.d"
      })
  void anythingButAnAddressOrBlockIsRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(text));
  }

  @Test
  void blocksPrintInTheirCanonicalForm() {
    assertEquals("10.0.0.0/8", CidrRange.parse("10.1.2.3/8").toString());
    assertEquals(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("10.9.9.9/8"));
  }

  @Test
  void denyWinsAndAnEmptyAllowListAllowsTheRest() {
    AddressRules rules =
        new AddressRules(
            AddressRules.parseList("10.0.0.0/8, ::1"), AddressRules.parseList("10.0.0.66"));
    assertTrue(rules.allows(CidrRange.address("10.1.1.1")));
    assertTrue(rules.allows(CidrRange.address("::1")));
    assertFalse(rules.allows(CidrRange.address("10.0.0.66")), "denied though in the allow list");
    assertFalse(rules.allows(CidrRange.address("127.0.0.1")), "not in the allow list");

    AddressRules denyOnly = new AddressRules(List.of(), AddressRules.parseList("192.0.2.0/24"));
    assertTrue(denyOnly.allows(CidrRange.address("198.51.100.1")));
    assertFalse(denyOnly.allows(CidrRange.address("192.0.2.200")));
    assertTrue(AddressRules.ANY.allows(CidrRange.address("::1")));
  }
}
