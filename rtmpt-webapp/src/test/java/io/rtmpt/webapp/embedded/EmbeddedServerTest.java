package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtmpt.webapp.Gateway;
import org.junit.jupiter.api.Test;

class EmbeddedServerTest {
  @Test
  void theShutdownHookLooksForTheDrainWhereTheApplicationPutsIt() {
    // The embedded server cannot refer to the application's classes (another class loader).
    assertEquals(Gateway.DRAIN_ATTRIBUTE, EmbeddedServer.DRAIN_ATTRIBUTE);
  }
}
