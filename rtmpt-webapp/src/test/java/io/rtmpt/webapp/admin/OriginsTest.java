package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginsTest {
  @Test
  void sameHostAndPortIsTheSameOrigin() {
    assertTrue(Origins.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assertTrue(Origins.sameOrigin("https://Console.Example", "console.example"));
    assertTrue(Origins.sameOrigin("https://console.example", "console.example:443"));
    assertTrue(Origins.sameOrigin("http://console.example:80", "console.example"));
    assertTrue(Origins.sameOrigin("http://[::1]:8080", "[::1]:8080"));
  }

  @Test
  void anotherHostPortOrSchemeIsNot() {
    assertFalse(Origins.sameOrigin("http://evil.example", "console.example"));
    assertFalse(Origins.sameOrigin("http://console.example:8081", "console.example:8080"));
    assertFalse(Origins.sameOrigin("https://console.example", "console.example:80"));
    assertFalse(Origins.sameOrigin("http://[::1]:8080", "[::1]:8081"));
    assertFalse(Origins.sameOrigin("null", "console.example"), "sandboxed or file pages");
    assertFalse(Origins.sameOrigin("file:///tmp/x.html", "console.example"));
    assertFalse(Origins.sameOrigin("http://console.example", null));
    assertFalse(Origins.sameOrigin("not a uri", "console.example"));
  }
}
