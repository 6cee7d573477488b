package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The handshake check, with user properties in a ConcurrentHashMap as Tomcat keeps them. */
class ConsoleEndpointTest {
  private final Map<String, Object> properties = new ConcurrentHashMap<>();

  private void handshake(boolean inRole, String origin) {
    new ConsoleEndpoint.Configurator(null).modifyHandshake(config(), request(inRole, origin), null);
  }

  @Test
  void anAdminFromThisHostIsAllowedAndNoNullIsStored() {
    handshake(true, "http://console.example:8080");
    assertEquals(
        Boolean.TRUE,
        properties.values().stream().filter(v -> v instanceof Boolean).findFirst().orElse(null));
    assertEquals(1, properties.size(), properties.toString());
    properties.clear();
    handshake(true, null);
    assertEquals(List.of(Boolean.TRUE), List.copyOf(properties.values()), "no Origin: no browser");
  }

  @Test
  void anotherSitesPageOrAUserWithoutTheRoleIsRefusedWithAReason() {
    handshake(true, "http://evil.example");
    assertFalse(properties.containsValue(Boolean.TRUE));
    assertEquals(
        1,
        properties.values().stream()
            .filter(v -> v instanceof String s && s.contains("evil.example"))
            .count(),
        properties.toString());
    properties.clear();
    handshake(false, "http://console.example:8080");
    assertFalse(properties.containsValue(Boolean.TRUE));
    assertEquals(
        1,
        properties.values().stream()
            .filter(v -> v instanceof String s && s.contains("rtmpt-admin"))
            .count(),
        properties.toString());
  }

  private ServerEndpointConfig config() {
    return new ServerEndpointConfig() {
      @Override
      public Class<?> getEndpointClass() {
        return ConsoleEndpoint.class;
      }

      @Override
      public String getPath() {
        return ConsoleEndpoint.PATH;
      }

      @Override
      public List<String> getSubprotocols() {
        return List.of();
      }

      @Override
      public List<Extension> getExtensions() {
        return List.of();
      }

      @Override
      public ServerEndpointConfig.Configurator getConfigurator() {
        return null;
      }

      @Override
      public List<Class<? extends Encoder>> getEncoders() {
        return List.of();
      }

      @Override
      public List<Class<? extends Decoder>> getDecoders() {
        return List.of();
      }

      @Override
      public Map<String, Object> getUserProperties() {
        return properties;
      }
    };
  }

  private static HandshakeRequest request(boolean inRole, String origin) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("Host", List.of("console.example:8080"));
    if (origin != null) {
      headers.put("Origin", List.of(origin));
    }
    return new HandshakeRequest() {
      @Override
      public Map<String, List<String>> getHeaders() {
        return headers;
      }

      @Override
      public Principal getUserPrincipal() {
        return () -> "admin";
      }

      @Override
      public URI getRequestURI() {
        return URI.create("ws://console.example:8080/admin/ws");
      }

      @Override
      public boolean isUserInRole(String role) {
        return inRole && role.equals("rtmpt-admin");
      }

      @Override
      public Object getHttpSession() {
        return null;
      }

      @Override
      public Map<String, List<String>> getParameterMap() {
        return Map.of();
      }

      @Override
      public String getQueryString() {
        return null;
      }
    };
  }
}
